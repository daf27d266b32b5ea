package dev.sectools.cli.cache;

import dev.sectools.cache.CacheStats;
import dev.sectools.cache.CacheVerification;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.ProgressBar;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools cache gc [--verify]}: collects unreferenced content and applies the size limit. */
@Command(name = "gc", header = "Remove unreferenced content and leftovers; evict down to the size limit.",
    description = {"Rebuilds the cache's view from its index, evicts the oldest entries while it holds",
        "more than SECTOOLS_CACHE_MAX_BYTES (default 1GiB), and removes content no key points at and",
        "leftovers of interrupted writes, once they are 10 minutes old (younger, they may be another",
        "process's write on its way in). --verify first checks every entry as 'cache verify' does",
        "(exit code 5 if one failed). A progress bar is drawn on a terminal only."})
public final class CacheGcCommand extends SectoolsCommand {
  @Mixin
  private CacheOptions cache;

  @Option(names = "--verify", description = "Check every entry first and remove those that fail.")
  private boolean verify;

  @Option(names = "--json", description = "Print {\"freed\",\"entries\",\"bytes\"} (and \"checked\", \"corrupt\" with --verify).")
  private boolean json;

  /** For picocli. */
  public CacheGcCommand() {}

  @Override
  public Integer call() throws Exception {
    ProgressBar bar = new ProgressBar(this::draw, showProgress(), "collecting", "steps");
    Map<String, Object> result = new LinkedHashMap<>();
    long corrupt = 0;
    try (VerifiedCache c = cache.open(env())) {
      if (verify) {
        CacheVerification v = c.verifyAll((done, total) -> bar.update(done, total + 1));
        result.put("checked", v.checked());
        result.put("corrupt", v.corrupt());
        corrupt = v.corrupt();
      } else {
        bar.update(0, 1);
      }
      long freed = c.gc();
      bar.update(1, 1);
      CacheStats s = c.stats();
      result.put("freed", freed);
      result.put("entries", s.entries());
      result.put("bytes", s.bytes());
    } finally {
      bar.finish();
    }
    print(result);
    if (corrupt > 0) {
      warn(corrupt + " cache entr" + (corrupt == 1 ? "y" : "ies") + " failed verification and were removed");
      return ExitCode.INTEGRITY.code();
    }
    return 0;
  }

  private void print(Map<String, Object> result) {
    if (json) {
      out().println(Json.of(result));
      return;
    }
    out().println("freed " + result.get("freed") + " bytes; " + result.get("entries") + " entries, "
        + result.get("bytes") + " bytes held"
        + (result.containsKey("checked") ? "; checked " + result.get("checked") + ", "
            + result.get("corrupt") + " corrupt" : ""));
  }
}
