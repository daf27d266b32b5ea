package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sectools secrets audit enable}: starts the audit log of an existing store. */
@Command(name = "enable",
    header = "Start the store's audit log, <store>/audit.log, if it has none.",
    description = {"Opens the store with its log on, which creates the log (0600) with an 'open'",
        "event. From then on every command on this store appends to it. Deleting the file turns",
        "the log off for later commands: ship it off the machine if that must be noticed."})
public final class AuditEnableCommand extends SectoolsCommand {
  @Mixin
  private StoreOptions store;

  /** For picocli. */
  public AuditEnableCommand() {}

  @Override
  public Integer call() throws Exception {
    Path dir = Stores.directory(store, env());
    boolean already = Stores.auditEnabled(dir);
    Stores.open(store, env(), Stores.AuditLog.ON).close();
    info(already ? "the audit log was already on: " + dir.resolve(Stores.AUDIT_FILE)
        : "started the audit log: " + dir.resolve(Stores.AUDIT_FILE));
    return 0;
  }
}
