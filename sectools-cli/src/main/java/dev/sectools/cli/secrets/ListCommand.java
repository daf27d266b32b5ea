package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.Table;
import dev.sectools.secrets.SecretMetadata;
import dev.sectools.secrets.SecretStore;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools secrets list [PREFIX]}: the secrets and folders under a prefix. */
@Command(name = "list",
    header = "List secrets (names only, never values).",
    description = {"Lists the entries directly under PREFIX (folders end in /), or with --recursive",
        "every secret path below it. --long adds the current version, update time and rotation",
        "policy of each secret."})
public final class ListCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
      description = "A folder such as app/ (default: the top).")
  private String prefix;

  @Option(names = {"-r", "--recursive"}, description = "List every secret path below PREFIX.")
  private boolean recursive;

  @Option(names = {"-l", "--long"}, description = "A table with version, update time and rotation.")
  private boolean longFormat;

  @Option(names = "--json", description = "Print JSON: an array of paths, or of objects with --long.")
  private boolean json;

  /** For picocli. */
  public ListCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    try (SecretStore s = Stores.open(store, env())) {
      List<String> entries = recursive ? s.listRecursive(p) : s.list(p);
      if (!longFormat) {
        if (json) {
          out().println(Json.of(entries));
        } else {
          entries.forEach(out()::println);
        }
        return 0;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      Table table = new Table("PATH", "VERSION", "UPDATED", "ROTATE EVERY");
      for (String e : entries) {
        String full = recursive ? e : p + e;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("path", full);
        if (e.endsWith("/")) {
          table.row(full, "-", "-", "-");
        } else {
          SecretMetadata m = s.metadata(full);
          row.put("version", m.currentVersion());
          row.put("updated", m.updated().truncatedTo(ChronoUnit.SECONDS));
          row.put("rotate_every", m.rotation().map(r -> (Object) r.maxAge()).orElse(null));
          table.row(full, m.currentVersion(), m.updated().truncatedTo(ChronoUnit.SECONDS),
              m.rotation().map(r -> r.maxAge().toString()).orElse("-"));
        }
        rows.add(row);
      }
      if (json) {
        out().println(Json.of(rows));
      } else {
        table.print(out());
      }
    }
    return 0;
  }
}
