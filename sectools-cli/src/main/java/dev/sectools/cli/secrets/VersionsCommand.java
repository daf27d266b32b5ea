package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.Table;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.VersionInfo;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools secrets versions PATH}: every version kept, without values. */
@Command(name = "versions",
    header = "List the versions of a secret: number, state, time, data key.")
public final class VersionsCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
  private String path;

  @Option(names = "--json", description = "Print a JSON array of {version, state, created, key}.")
  private boolean json;

  /** For picocli. */
  public VersionsCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    try (SecretStore s = Stores.open(store, env())) {
      List<VersionInfo> versions = s.versions(path);
      if (json) {
        out().println(Json.of(versions.stream().map(v -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("version", v.version());
          m.put("state", v.state());
          m.put("created", v.created());
          m.put("key", v.keyId());
          return m;
        }).toList()));
      } else {
        Table t = new Table("VERSION", "STATE", "CREATED", "KEY");
        versions.forEach(v -> t.row(v.version(), v.state().name().toLowerCase(Locale.ROOT),
            v.created().truncatedTo(ChronoUnit.SECONDS), v.keyId()));
        t.print(out());
      }
    }
    return 0;
  }
}
