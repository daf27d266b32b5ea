package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.fs.WriteMode;
import dev.sectools.secrets.PlaintextFormat;
import dev.sectools.secrets.SecretStore;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets export --insecure-plaintext}: writes current values in the clear. */
@Command(name = "export",
    header = "Write the current value of every secret IN THE CLEAR (JSON or dotenv), for migration.",
    description = {"Everything written is plaintext, so the command refuses to run (exit code 2)",
        "without --insecure-plaintext. For a copy of the store use 'sectools secrets backup', which",
        "stays encrypted. Only current, live versions are written: no history, no metadata.",
        "--out FILE creates FILE 0600, atomically: on any failure no file is left; an existing FILE",
        "is refused (exit code 4) unless --force. Without --out the export goes to standard output.",
        "dotenv needs names that are variable names and values that are text (else exit code 2:",
        "use --format json). Delete the export as soon as it has been imported."})
public final class ExportCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Option(names = "--format", paramLabel = "FORMAT", required = true,
      description = "json (full paths, base64 for binary values) or dotenv (NAME=\"value\", names relative to --prefix).")
  private PlaintextFormat format;

  @Option(names = "--insecure-plaintext", description = "Confirm that every value is to be written unencrypted.")
  private boolean insecurePlaintext;

  @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "",
      description = "Only secrets under this folder (ending in '/', e.g. app/); default: all.")
  private String prefix;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = DataFiles.STDIO,
      description = "Where to write; '-' (the default) for standard output.")
  private String out;

  @Option(names = "--force", description = "Replace FILE if it exists (atomically).")
  private boolean force;

  /** For picocli. */
  public ExportCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    if (!insecurePlaintext) {
      throw usage("export writes every value unencrypted; add --insecure-plaintext to confirm"
          + " (for an encrypted copy use 'sectools secrets backup')");
    }
    int n;
    try (SecretStore s = Stores.open(store, env())) {
      if (DataFiles.STDIO.equals(out)) {
        OutputStream o = env().out();
        n = s.exportPlaintextInsecure(o, format, prefix);
        o.flush();
      } else {
        n = DataFiles.writePrivate(out, env(), force ? WriteMode.REPLACE : WriteMode.CREATE_NEW,
            o -> s.exportPlaintextInsecure(o, format, prefix));
      }
    }
    if (DataFiles.STDIO.equals(out)) {
      info("exported " + n + " secrets in the clear");
    } else {
      info("exported " + n + " secrets in the clear to " + out + " (0600); delete it once imported");
    }
    return 0;
  }
}
