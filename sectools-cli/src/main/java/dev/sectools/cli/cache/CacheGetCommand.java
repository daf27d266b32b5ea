package dev.sectools.cli.cache;

import dev.sectools.cache.CacheConfig;
import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.Sha256;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cache.VerifiedEntry;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Failures;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.PathDisplay;
import dev.sectools.fs.RootOptions;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.fs.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools cache get NAMESPACE KEY --sha256 HEX [--out FILE]}: verified content out. */
@Command(name = "get", header = "Write a cached entry's bytes, verified against the SHA-256 you name.",
    description = {"The whole entry is read into private memory and hashed before one byte is written,",
        "so a file changed in the cache meanwhile gives the right bytes or an error, never others.",
        "Standard output gets the bytes exactly; it must not be a terminal (exit code 2). --out",
        "FILE writes a 0600 file atomically (a temp file renamed over FILE), so FILE never holds",
        "a partial or unverified entry; a FILE inside the cache directory is refused (exit code 7).",
        "Exit code 3 if the key holds nothing or other content, 5 if the entry failed verification",
        "(it is removed: put it again)."})
public final class CacheGetCommand extends SectoolsCommand {
  @Mixin
  private CacheOptions cache;

  @Parameters(index = "0", paramLabel = "NAMESPACE", description = "The namespace.")
  private String namespace;

  @Parameters(index = "1", paramLabel = "KEY", description = "The key within the namespace.")
  private String key;

  @Option(names = "--sha256", paramLabel = "HEX", required = true,
      description = "The SHA-256 the content must have (64 hex digits), as 'cache put' printed it.")
  private String sha256;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Write to FILE (0600, atomically, replacing it) instead of standard output; "
          + "refused (exit code 7) inside the cache directory.")
  private Path outFile;

  /** For picocli. */
  public CacheGetCommand() {}

  @Override
  public Integer call() throws Exception {
    Sha256 expected = parseSha(sha256, "--sha256");
    if (outFile == null && env().terminal().stdoutIsTerminal()) {
      throw usage("refusing to write an entry's raw bytes to the terminal; use --out FILE or redirect "
          + "standard output");
    }
    CacheConfig config = cache.config(env());
    try (VerifiedCache c = cache.open(config)) {
      OutTarget target = outFile == null ? null : outTarget(config.directory());
      try (VerifiedEntry entry = c.get(namespace, key, expected)) {
        if (target == null) {
          OutputStream out = env().out();
          entry.transferTo(out);
          out.flush();
        } else {
          writeFile(entry, target);
        }
      }
    } catch (CacheMissException e) {
      throw new CliException(ExitCode.NOT_FOUND, "not in the cache: " + Failures.quoted(namespace) + " "
          + Failures.quoted(key) + " with that SHA-256 (never stored, evicted, expired, or other content);"
          + " fetch it and 'sectools cache put' it", e);
    } catch (CacheCorruptionException e) {
      throw corrupt(e);
    }
    return 0;
  }

  /** Where {@code --out} writes: the file {@code name} in the real directory {@code dir}. */
  private record OutTarget(Path dir, String name) {}

  /**
   * Where {@code --out} writes, checked before the entry is read: never inside the cache's own
   * directory, where the file could replace the content or index record of another entry.
   * Compared by real path and by file identity, so neither a link nor a bind mount hides it.
   */
  private OutTarget outTarget(Path cacheDir) throws IOException {
    Path target = env().resolve(outFile.toString()).toAbsolutePath();
    Path parent = target.getParent();
    Path name = target.getFileName();
    if (parent == null || name == null || name.toString().equals(".") || name.toString().equals("..")) {
      throw usage("--out must name a file, not a directory");
    }
    Path dir;
    try {
      dir = parent.toRealPath();
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.NOT_FOUND, "not found: " + Failures.quoted(parent.toString())
          + ", the directory of --out; create it first, or write elsewhere", e);
    }
    if (inside(dir, cacheDir)) {
      throw new CliException(ExitCode.POLICY, "refused: --out " + Failures.quoted(outFile.toString())
          + " is inside the cache directory " + Failures.quoted(cacheDir.toString())
          + ", where it would replace the cache's own files; write it elsewhere");
    }
    return new OutTarget(dir, name.toString());
  }

  private static boolean inside(Path dir, Path cacheDir) throws IOException {
    Path cacheReal = cacheDir.toRealPath();
    Object cacheId = Files.readAttributes(cacheReal, BasicFileAttributes.class).fileKey();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (p.equals(cacheReal)
          || cacheId != null && cacheId.equals(Files.readAttributes(p, BasicFileAttributes.class).fileKey())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the entry to {@code target}; a refusal names {@code --out} as the user typed it, with
   * what to do about it (the {@code file} commands' options do not exist here).
   */
  private void writeFile(VerifiedEntry entry, OutTarget target) throws IOException {
    RootOptions shown = RootOptions.builder().pathDisplay(PathDisplay.FULL).build(); // the user's own path
    try (ConfinedRoot root = ConfinedRoot.open(target.dir(), shown); InputStream in = entry.newInputStream()) {
      root.write(target.name(), in, WriteOptions.builder().maxSizeBytes(Math.max(1, entry.sizeBytes())).build());
    } catch (SymlinkRefusedException e) {
      throw new CliException(ExitCode.POLICY, "refused: --out " + Failures.quoted(outFile.toString())
          + " is a symbolic link, which is never written through or replaced; name the file itself, "
          + "or remove the link", e);
    } catch (NotRegularFileException e) {
      throw new CliException(ExitCode.POLICY, "refused: --out " + Failures.quoted(outFile.toString())
          + " is not a regular file (a directory, FIFO or device); name a file to write", e);
    }
  }

  /** The failure of an entry found corrupt (already removed by the cache). */
  static CliException corrupt(CacheCorruptionException e) {
    return new CliException(ExitCode.INTEGRITY, "the cached entry failed verification (changed or damaged "
        + "on disk) and was removed; fetch it again and 'sectools cache put' it", e);
  }

  /**
   * Parses a SHA-256 given as option {@code option}.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if it is not 64 hex digits
   */
  static Sha256 parseSha(String hex, String option) {
    try {
      return Sha256.ofHex(hex.strip());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.USAGE, option + " must be a SHA-256: 64 hex digits, as 'sectools cache put' prints", e);
    }
  }
}
