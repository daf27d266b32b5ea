package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets passwd}: changes the store's passphrase. */
@Command(name = "passwd",
    header = "Change the store's passphrase.",
    description = {"Unlocks the store with the current passphrase, then wraps its keys under the new",
        "one in one transaction (values are not re-encrypted). The new passphrase comes from",
        "--new-passphrase-file, else $SECTOOLS_NEW_PASSPHRASE_FILE, else a prompt (asked twice)."})
public final class PasswdCommand extends SectoolsCommand {
  @Mixin
  private StoreOptions store;

  @Option(names = "--new-passphrase-file", paramLabel = "FILE", description = "Read the new passphrase from FILE.")
  private Path newPassphraseFile;

  @Option(names = "--kdf", paramLabel = "COST", defaultValue = "default",
      description = "Key derivation cost for the new passphrase: default or minimum.")
  private InitCommand.Kdf kdf;

  /** For picocli. */
  public PasswdCommand() {}

  @Override
  public Integer call() throws Exception {
    Path file = newPassphraseFile != null ? newPassphraseFile
        : env().variable("SECTOOLS_NEW_PASSPHRASE_FILE").map(Path::of).orElse(null);
    try (SecretStore s = Stores.open(store, env())) {
      Passphrases.Source source = file != null ? Passphrases.Source.FILE : Passphrases.Source.PROMPT;
      if (source == Passphrases.Source.PROMPT && !env().terminal().stdinIsTerminal()) {
        throw usage("no new passphrase: use --new-passphrase-file FILE (or run on a terminal)");
      }
      char[] pass = Passphrases.readNew(source, file, env());
      try (PassphraseKeyProvider key = PassphraseKeyProvider.of(pass, kdf.settings)) {
        s.changeKeyProvider(key);
      } finally {
        Arrays.fill(pass, '\0');
      }
    }
    info("changed the passphrase");
    return 0;
  }
}
