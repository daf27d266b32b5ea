package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.ProgressBar;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreStatus;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets restore --in FILE}: restores a backup into a new store. */
@Command(name = "restore",
    header = "Restore a backup into a new store (the one --store selects).",
    description = {"The target must hold no store yet (exit code 4). The new store is unlocked by",
        "the usual passphrase (--passphrase-file, SECTOOLS_PASSPHRASE_FILE, or asked twice); the",
        "backup opens with --backup-passphrase-file / --backup-passphrase if it was taken with a",
        "separate backup passphrase, else with that same passphrase (the store's when backed up).",
        "Everything is verified before anything is visible: a backup that was changed, cut short or",
        "is not a backup fails with exit code 5, a wrong passphrase with 6, and in both cases the",
        "target is left as it was (a directory the restore created is removed)."})
public final class RestoreCommand extends SectoolsCommand {
  @Mixin
  private StoreOptions store;

  @Mixin
  private BackupKeyOptions backupKey;

  @Option(names = "--in", paramLabel = "FILE", required = true,
      description = "The backup to restore; '-' for standard input.")
  private String in;

  @Option(names = "--kdf", paramLabel = "COST", defaultValue = "default",
      description = "Key derivation cost of the new store's passphrase: default or minimum.")
  private InitCommand.Kdf kdf;

  @Option(names = "--json", description = "Print {\"store\":…,\"secrets\":…,\"versions\":…} on standard output.")
  private boolean json;

  /** For picocli. */
  public RestoreCommand() {}

  @Override
  public Integer call() throws Exception {
    Path dir = Stores.directory(store, env());
    Passphrases.Source source = Passphrases.source(store.passphraseFile, env());
    char[] pass = Passphrases.readNew(source, store.passphraseFile, env(), "Passphrase for the restored store:");
    Optional<char[]> separate = Optional.empty();
    ProgressBar bar = new ProgressBar(this::draw, showProgress(), "restoring", "versions");
    StoreStatus status;
    try {
      separate = backupKey.read(env(), false);
      try (PassphraseKeyProvider target = PassphraseKeyProvider.of(pass, kdf.settings);
          PassphraseKeyProvider unlock = PassphraseKeyProvider.of(separate.orElse(pass));
          SecretStore restored = DataFiles.read(in, env(), input -> SecretStore.restore(input,
              Stores.config(dir, target, store, Stores.AuditLog.AS_FOUND), unlock, bar))) {
        status = restored.status();
      }
    } finally {
      bar.finish();
      Arrays.fill(pass, '\0');
      separate.ifPresent(p -> Arrays.fill(p, '\0'));
    }
    info("restored " + status.secrets() + " secrets (" + status.versions() + " versions) into " + dir);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("store", dir.toString());
      m.put("secrets", status.secrets());
      m.put("versions", status.versions());
      out().println(Json.of(m));
    }
    return 0;
  }
}
