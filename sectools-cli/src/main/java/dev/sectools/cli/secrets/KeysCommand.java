package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.Table;
import dev.sectools.secrets.DataKeyInfo;
import dev.sectools.secrets.SecretStore;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets keys}: lists the data keys; its subcommands enable, disable and destroy them. */
@Command(name = "keys",
    header = "List the store's data keys, or enable, disable or destroy one.",
    description = "Without a subcommand, prints id, state, creation time and how many versions each key encrypts.",
    synopsisSubcommandLabel = "[COMMAND]")
public final class KeysCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Option(names = "--json", description = "Print a JSON array of {id, state, created, versions}.")
  private boolean json;

  /** For picocli. */
  public KeysCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    try (SecretStore s = Stores.open(store, env())) {
      List<DataKeyInfo> keys = s.keys();
      if (json) {
        out().println(Json.of(keys.stream().map(KeysCommand::json).toList()));
      } else {
        Table t = new Table("ID", "STATE", "CREATED", "VERSIONS");
        keys.forEach(k -> t.row(k.id(), k.state().name().toLowerCase(Locale.ROOT),
            k.created().truncatedTo(ChronoUnit.SECONDS), k.versions()));
        t.print(out());
      }
    }
    return 0;
  }

  static Map<String, Object> json(DataKeyInfo k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", k.id());
    m.put("state", k.state());
    m.put("created", k.created());
    m.put("versions", k.versions());
    return m;
  }
}
