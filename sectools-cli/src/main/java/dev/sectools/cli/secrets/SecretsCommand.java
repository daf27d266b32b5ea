package dev.sectools.cli.secrets;

import dev.sectools.cli.GroupCommand;
import picocli.CommandLine.Command;

/**
 * {@code sectools secrets}: the group of verbs over the secret store; {@code CommandTree}
 * registers them.
 */
@Command(name = "secrets",
    header = "Store, read and manage secrets in an encrypted, versioned store.",
    description = {"The store is a directory holding one SQLite file; every value is encrypted",
        "(AES-256-GCM) under keys wrapped by a key derived from your passphrase (Argon2id).",
        "Values never come from the command line: 'set' reads standard input or asks."},
    synopsisSubcommandLabel = "COMMAND")
public final class SecretsCommand extends GroupCommand {
  /** For picocli. */
  public SecretsCommand() {
    super("a secrets command is needed, such as 'get PATH'");
  }
}
