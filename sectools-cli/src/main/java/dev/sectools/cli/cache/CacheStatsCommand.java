package dev.sectools.cli.cache;

import dev.sectools.cache.CacheConfig;
import dev.sectools.cache.CacheStats;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.Table;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools cache stats [--json]}: where the cache is and what it holds. */
@Command(name = "stats", header = "Show where the cache is, what it holds and its limits.",
    description = {"Entries and bytes are read from the cache's index (content stored once however many",
        "keys point at it). Hit and miss counters belong to one process and are not shown here."})
public final class CacheStatsCommand extends SectoolsCommand {
  @Mixin
  private CacheOptions cache;

  @Option(names = "--json",
      description = "Print {\"directory\",\"entries\",\"bytes\",\"max_bytes\",\"ttl_seconds\"} (ttl_seconds null if none).")
  private boolean json;

  /** For picocli. */
  public CacheStatsCommand() {}

  @Override
  public Integer call() throws Exception {
    CacheConfig config = cache.config(env());
    CacheStats s;
    try (VerifiedCache c = cache.open(config)) {
      s = c.stats();
    }
    if (json) {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("directory", config.directory().toString());
      result.put("entries", s.entries());
      result.put("bytes", s.bytes());
      result.put("max_bytes", config.maxSizeBytes());
      result.put("ttl_seconds", config.ttl().map(Duration::toSeconds).orElse(null));
      out().println(Json.of(result));
    } else {
      new Table("DIRECTORY", "ENTRIES", "BYTES", "MAX BYTES", "TTL")
          .row(config.directory(), s.entries(), s.bytes(), config.maxSizeBytes(),
              config.ttl().map(Duration::toString).orElse("none"))
          .print(out());
    }
    return 0;
  }
}
