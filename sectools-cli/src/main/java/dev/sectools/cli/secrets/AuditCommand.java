package dev.sectools.cli.secrets;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sectools secrets audit}: the group of verbs over a store's audit log,
 * {@code <store>/audit.log}. The log is on for a store once that file exists: started by
 * {@code secrets init --audit} or {@code secrets audit enable}.
 */
@Command(name = "audit",
    header = "Check, read and search the store's tamper-evident audit log.",
    description = {"The log is <store>/audit.log (0600): one JSON line per operation, each with an",
        "HMAC chained to the line before it. It never holds a value; paths are keyed hashes.",
        "It is on once the file exists: start it with 'secrets init --audit' or 'audit enable'.",
        "Without a log, verify, tail and hash exit with code 3."},
    synopsisSubcommandLabel = "COMMAND")
public final class AuditCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For picocli. */
  public AuditCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "an audit command is needed, such as 'verify'");
  }

  /**
   * The log of the store in {@code dir}.
   *
   * @throws CliException ({@link ExitCode#NOT_FOUND}) if the store keeps none
   */
  static Path requireLog(Path dir) {
    if (!Stores.auditEnabled(dir)) {
      throw new CliException(ExitCode.NOT_FOUND, "the store at " + dir + " keeps no audit log (no "
          + Stores.AUDIT_FILE + "); start one with 'sectools secrets audit enable'");
    }
    return dir.resolve(Stores.AUDIT_FILE);
  }
}
