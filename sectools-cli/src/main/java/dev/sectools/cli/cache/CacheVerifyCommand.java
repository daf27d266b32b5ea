package dev.sectools.cli.cache;

import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.CacheVerification;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Failures;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.ProgressBar;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools cache verify [NAMESPACE KEY]}: checks entries, removes corrupt ones. */
@Command(name = "verify", header = "Check every cached entry (or one) and remove those that fail.",
    description = {"Each stored file is hashed and compared with the SHA-256 recorded when it was put;",
        "an entry that fails is removed. With NAMESPACE KEY, prints that entry's SHA-256. A progress",
        "bar is drawn on a terminal only. Exit code 5 if any entry failed (it is gone now), 3 if",
        "NAMESPACE KEY holds nothing. Counts are of keys: content is stored once, so a damaged file",
        "makes every key that points at it corrupt, and each is removed."})
public final class CacheVerifyCommand extends SectoolsCommand {
  @Mixin
  private CacheOptions cache;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAMESPACE", description = "Check only this namespace's KEY.")
  private String namespace;

  @Parameters(index = "1", arity = "0..1", paramLabel = "KEY", description = "The key to check.")
  private String key;

  @Option(names = "--json", description = "Print {\"checked\",\"corrupt\",\"bytes\"} (all entries) or {\"sha256\"}.")
  private boolean json;

  /** For picocli. */
  public CacheVerifyCommand() {}

  @Override
  public Integer call() throws Exception {
    if (namespace != null && key == null) {
      throw usage("give both NAMESPACE and KEY, or neither to check every entry");
    }
    try (VerifiedCache c = cache.open(env())) {
      return key == null ? verifyAll(c) : verifyOne(c);
    }
  }

  private int verifyOne(VerifiedCache c) throws Exception {
    try {
      String hex = c.verify(namespace, key).hex();
      out().println(json ? Json.of(Map.of("sha256", hex)) : hex);
      return 0;
    } catch (CacheMissException e) {
      throw new CliException(ExitCode.NOT_FOUND, "not in the cache: " + Failures.quoted(namespace) + " "
          + Failures.quoted(key) + "; see what it holds with 'sectools cache verify'", e);
    } catch (CacheCorruptionException e) {
      throw CacheGetCommand.corrupt(e);
    }
  }

  private int verifyAll(VerifiedCache c) throws Exception {
    ProgressBar bar = new ProgressBar(this::draw, showProgress(), "verifying", "entries");
    CacheVerification v;
    try {
      v = c.verifyAll(bar::update);
    } finally {
      bar.finish();
    }
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("checked", v.checked());
      result.put("corrupt", v.corrupt());
      result.put("bytes", v.bytes());
      out().println(Json.of(result));
    } else {
      out().println("checked " + v.checked() + " entries (" + v.bytes() + " bytes intact): "
          + v.corrupt() + " corrupt" + (v.corrupt() > 0 ? ", removed" : ""));
    }
    if (v.corrupt() > 0) {
      warn(v.corrupt() + " cache entr" + (v.corrupt() == 1 ? "y" : "ies")
          + " failed verification and were removed; put them again");
      return ExitCode.INTEGRITY.code();
    }
    return 0;
  }
}
