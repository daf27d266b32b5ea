package dev.sectools.cli.secrets;

import dev.sectools.audit.AuditProblem;
import dev.sectools.audit.AuditVerification;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.secrets.SecretStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets audit verify}: checks the audit log's HMAC chain. */
@Command(name = "verify",
    header = "Check the audit log's HMAC chain across its rotated files.",
    description = {"Exit code 0 and a one-line report when every line verifies; 5 when one was",
        "altered, inserted, removed, reordered or cut short, naming the first such file and line;",
        "3 when the store keeps no log. Needs the store's passphrase (the chain's key is in it).",
        "A chain cannot show lines removed from its end: ship the log off the machine for that."})
public final class AuditVerifyCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Option(names = "--json", description = "Print the result as JSON on standard output (also when broken).")
  private boolean json;

  /** For picocli. */
  public AuditVerifyCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    Path log = AuditCommand.requireLog(Stores.directory(store, env()));
    AuditVerification v;
    try (SecretStore s = Stores.open(store, env())) {
      v = s.verifyAudit();
    }
    if (json) {
      out().println(Json.of(json(v)));
    } else if (v.intact()) {
      out().println("audit log intact: " + v.events() + " events (#" + v.firstSequence() + " to #"
          + v.lastSequence() + ") in " + log);
    }
    if (v.problem().isPresent()) {
      AuditProblem p = v.problem().get();
      throw new CliException(ExitCode.INTEGRITY, "audit log broken: " + p.kind() + " at " + p.file() + ":"
          + p.line() + ": " + p.detail() + "; " + v.events() + " events verified before it; keep the files as evidence");
    }
    return 0;
  }

  private static Map<String, Object> json(AuditVerification v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("intact", v.intact());
    m.put("events", v.events());
    m.put("first_sequence", v.firstSequence());
    m.put("last_sequence", v.lastSequence());
    m.put("problem", v.problem().map(p -> {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("kind", p.kind());
      pm.put("file", p.file().toString());
      pm.put("line", p.line());
      pm.put("detail", p.detail());
      return pm;
    }).orElse(null));
    return m;
  }
}
