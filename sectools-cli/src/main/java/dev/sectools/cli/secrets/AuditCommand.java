package dev.sectools.cli.secrets;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.GroupCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;

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
public final class AuditCommand extends GroupCommand {
  /** For picocli. */
  public AuditCommand() {
    super("an audit command is needed, such as 'verify'");
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
