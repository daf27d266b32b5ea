package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.ProgressBar;
import dev.sectools.secrets.MigrationSummary;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets migrate --to URL|DIR}: copies the store to another backend. */
@Command(name = "migrate",
    header = "Copy the store to PostgreSQL or to a local directory, without decrypting anything.",
    description = {"The copy has the same store id and opens with the same passphrase; it is read back and",
        "compared before it appears, and nothing is left at the target if the copy fails. The source",
        "is not changed: stop its writers first, and retire it afterwards. Prints the counts."})
public final class MigrateCommand extends SectoolsCommand {
  @Mixin
  private StoreOptions store;

  @Option(names = "--to", required = true, paramLabel = "URL|DIR",
      description = "A jdbc:postgresql:// URL (password from --db-password-file), or a new store directory.")
  private String to;

  /** For picocli. */
  public MigrateCommand() {}

  @Override
  public Integer call() throws Exception {
    Path dir = Stores.directory(store, env());
    char[] pass = Passphrases.read(Passphrases.source(store.passphraseFile, env()), store.passphraseFile, env(),
        "Passphrase for the store:");
    try (PassphraseKeyProvider key = PassphraseKeyProvider.of(pass)) {
      StoreConfig from = Stores.config(dir, key, store, Stores.AuditLog.AS_FOUND);
      SecretStore.open(from).close(); // only who can unlock the store copies it
      StoreConfig.Builder target = StoreConfig.builder(to.startsWith("jdbc:") ? dir
          : Path.of(to).toAbsolutePath().normalize(), key);
      if (to.startsWith("jdbc:")) {
        target.database(Stores.database(to, store.dbPasswordFile));
      }
      ProgressBar bar = new ProgressBar(this::draw, showProgress(), "copying", "versions");
      MigrationSummary copied = SecretStore.migrate(from, target.build(), bar);
      bar.finish();
      SecretStore.open(target.build()).close(); // the copy unlocks with the same key
      out().println(copied.secrets() + " secrets, " + copied.versions() + " versions copied and verified");
    } finally {
      Arrays.fill(pass, '\0');
    }
    return 0;
  }
}
