package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.ProgressBar;
import dev.sectools.secrets.PlaintextFormat;
import dev.sectools.secrets.SecretStore;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets import}: writes plaintext secrets (JSON or dotenv) into the store. */
@Command(name = "import",
    header = "Write secrets from a plaintext JSON or dotenv file into the store, all or nothing.",
    description = {"Each secret becomes the next version of its path. JSON names are full paths;",
        "dotenv names get --prefix in front (--prefix app/ and DB_PASSWORD: app/DB_PASSWORD).",
        "Everything is written in one transaction: a malformed line, an invalid or repeated path",
        "(exit code 2, the line named, never a value) or a secret that requires check-and-set",
        "(exit code 4) writes nothing. Reads --in FILE, or standard input (not a terminal).",
        "Delete the plaintext file once imported."})
public final class ImportCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Option(names = "--format", paramLabel = "FORMAT", required = true, description = "json or dotenv.")
  private PlaintextFormat format;

  @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "",
      description = "Put in front of every dotenv name (a folder ending in '/', e.g. app/); ignored for JSON.")
  private String prefix;

  @Option(names = "--in", paramLabel = "FILE", defaultValue = DataFiles.STDIO,
      description = "The plaintext to import; '-' (the default) for standard input.")
  private String in;

  @Option(names = "--json", description = "Print {\"imported\":N} on standard output.")
  private boolean json;

  /** For picocli. */
  public ImportCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  /** Plaintext from standard input is read by the client itself, without the agent. */
  @Override
  public boolean agentCanServe(CliEnvironment env) {
    return !DataFiles.STDIO.equals(in);
  }

  @Override
  public Integer call() throws Exception {
    if (DataFiles.STDIO.equals(in) && env().terminal().stdinIsTerminal()) {
      throw usage("standard input is a terminal: values typed there would be echoed; use --in FILE or a pipe");
    }
    int n;
    try (SecretStore s = Stores.open(store, env())) {
      ProgressBar bar = new ProgressBar(this::draw, showProgress(), "importing", "secrets");
      try {
        n = DataFiles.read(in, env(), input -> s.importPlaintextInsecure(input, format, prefix, bar));
      } finally {
        bar.finish();
      }
    }
    info("imported " + n + " secrets");
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("imported", n);
      out().println(Json.of(m));
    }
    return 0;
  }
}
