package dev.sectools.cli.secrets;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
public final class SecretsCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For picocli. */
  public SecretsCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "a secrets command is needed, such as 'get PATH'");
  }
}
