package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * A backup passphrase separate from the store's: {@code --backup-passphrase-file FILE}, or
 * {@code --backup-passphrase} to be asked without echo. Never from the command line itself.
 * Mixed into {@code backup} and {@code restore}.
 */
public final class BackupKeyOptions {
  @Option(names = "--backup-passphrase-file", paramLabel = "FILE",
      description = "A separate backup passphrase, from the first line of FILE.")
  Path file;

  @Option(names = "--backup-passphrase",
      description = "Ask for a separate backup passphrase at the terminal, without echo.")
  boolean ask;

  /** For picocli. */
  public BackupKeyOptions() {}

  /**
   * The backup passphrase, if one was asked for; the caller wipes it.
   *
   * @param confirm ask twice at a prompt (a new passphrase, for {@code backup})
   * @throws CliException ({@link ExitCode#USAGE}) if both options are given, or a prompt is
   *     asked for without a terminal, or the two entries differ
   */
  Optional<char[]> read(CliEnvironment env, boolean confirm) throws IOException {
    if (file != null && ask) {
      throw new CliException(ExitCode.USAGE,
          "--backup-passphrase-file and --backup-passphrase exclude each other; choose one");
    }
    if (file != null) {
      return Optional.of(Passphrases.read(Passphrases.Source.FILE, file, env, ""));
    }
    if (!ask) {
      return Optional.empty();
    }
    if (!env.terminal().stdinIsTerminal()) {
      throw new CliException(ExitCode.USAGE,
          "--backup-passphrase asks at a terminal, and there is none; use --backup-passphrase-file FILE");
    }
    return Optional.of(confirm
        ? Passphrases.readNew(Passphrases.Source.PROMPT, null, env, "Backup passphrase:")
        : Passphrases.read(Passphrases.Source.PROMPT, null, env, "Backup passphrase:"));
  }
}
