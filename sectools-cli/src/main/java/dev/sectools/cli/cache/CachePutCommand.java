package dev.sectools.cli.cache;

import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Failures;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.fs.SizeLimitExceededException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools cache put NAMESPACE KEY [FILE|-]}: stores content and prints its SHA-256. */
@Command(name = "put", header = "Store a file (or standard input) in the cache and print its SHA-256.",
    description = {"The content is hashed while it is written and becomes visible only once complete.",
        "With --expect, content that does not hash to that SHA-256 is refused (exit code 5) and what",
        "the key held before is kept. Replaces what the key held otherwise. Content larger than",
        "the size limit (SECTOOLS_CACHE_MAX_BYTES, default 1GiB) is refused (exit code 7).",
        "Standard input is not read from a terminal (exit code 2): give FILE or a pipe."})
public final class CachePutCommand extends SectoolsCommand {
  @Mixin
  private CacheOptions cache;

  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "A namespace, for example a bucket.")
  private String namespace;

  @Parameters(index = "1", paramLabel = "KEY", description = "The key within the namespace.")
  private String key;

  @Parameters(index = "2", arity = "0..1", paramLabel = "FILE",
      description = "The file to store; '-' or nothing for standard input.")
  private String file;

  @Option(names = "--expect", paramLabel = "SHA256",
      description = "Store only if the content hashes to this SHA-256 (64 hex digits).")
  private String expect;

  @Option(names = "--json", description = "Print {\"namespace\",\"key\",\"sha256\",\"size\"}.")
  private boolean json;

  /** For picocli. */
  public CachePutCommand() {}

  @Override
  public Integer call() throws Exception {
    Sha256 expected = expect == null ? null : CacheGetCommand.parseSha(expect, "--expect");
    if ((file == null || file.equals("-")) && env().terminal().stdinIsTerminal()) {
      throw usage("standard input is a terminal, where content would be typed and echoed; "
          + "give FILE, or pipe the content in");
    }
    try (VerifiedCache c = cache.open(env()); Counting in = new Counting(input(), file != null && !file.equals("-"))) {
      Sha256 sha;
      if (expected != null) {
        c.putVerified(namespace, key, in, expected);
        sha = expected;
      } else {
        sha = c.put(namespace, key, in);
      }
      print(sha, in.count);
    } catch (ContentMismatchException e) {
      throw new CliException(ExitCode.INTEGRITY, "the content does not hash to --expect " + expected.hex()
          + "; nothing was stored", e);
    } catch (SizeLimitExceededException e) {
      throw new CliException(ExitCode.POLICY, "refused: the content is larger than the cache's size limit of "
          + e.limitBytes() + " bytes, so nothing was stored; raise the limit with SECTOOLS_CACHE_MAX_BYTES "
          + "(for example 4GiB)", e);
    }
    return 0;
  }

  /**
   * Standard input, or the file named: any file that can be read to its end, a pipe such as
   * {@code <(curl …)} included, but not a directory. That check follows the open, so a directory
   * swapped in between gives the read's own error: nothing is stored either way.
   */
  private InputStream input() throws IOException {
    if (file == null || file.equals("-")) {
      return env().in();
    }
    Path path = env().resolve(file);
    InputStream in = Files.newInputStream(path);
    if (Files.isDirectory(path)) {
      in.close();
      throw new CliException(ExitCode.POLICY, "refused: FILE " + Failures.quoted(file)
          + " is a directory, not a regular file; name a file, or '-' for standard input");
    }
    return in;
  }

  private void print(Sha256 sha, long size) {
    if (!json) {
      out().println(sha.hex());
      return;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("namespace", namespace);
    result.put("key", key);
    result.put("sha256", sha.hex());
    result.put("size", size);
    out().println(Json.of(result));
  }

  /** Counts the bytes read; closes the stream below only if it is ours (not standard input). */
  private static final class Counting extends FilterInputStream {
    private final boolean ours;
    private long count;

    Counting(InputStream in, boolean ours) {
      super(in);
      this.ours = ours;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (ours) {
        super.close();
      }
    }
  }
}
