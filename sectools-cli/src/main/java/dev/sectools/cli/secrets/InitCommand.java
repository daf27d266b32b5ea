package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.secrets.keys.Argon2Settings;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets init}: creates an empty store. */
@Command(name = "init", header = "Create an empty store.",
    description = {"Creates the store directory (0700) and its database (0600). At a terminal the",
        "passphrase is asked twice. Exit code 4 if a store is already there.",
        "--audit also starts a tamper-evident audit log, <store>/audit.log (0600): every later",
        "command on the store records its operation there (never a value; paths as keyed hashes)."})
public final class InitCommand extends SectoolsCommand {
  /** Argon2id cost of the new store's passphrase key. */
  enum Kdf {
    /** 64 MiB, 2 passes: about 0.5 s per unlock. */
    DEFAULT(Argon2Settings.DEFAULT),
    /** OWASP's minimum, 19 MiB, 2 passes: for small devices and tests. */
    MINIMUM(Argon2Settings.OWASP_MINIMUM);

    final Argon2Settings settings;

    Kdf(Argon2Settings settings) {
      this.settings = settings;
    }
  }

  @Mixin
  private StoreOptions store;

  @Option(names = "--kdf", paramLabel = "COST", defaultValue = "default",
      description = "Passphrase key derivation cost: default (64 MiB, 2 passes) or minimum (OWASP's 19 MiB, 2 passes).")
  private Kdf kdf;

  @Option(names = "--audit",
      description = "Keep an audit log in the store directory (audit.log); see 'sectools secrets audit'.")
  private boolean audit;

  /** For picocli. */
  public InitCommand() {}

  @Override
  public Integer call() throws Exception {
    Path dir = Stores.directory(store, env());
    Stores.create(store, env(), kdf.settings, audit ? Stores.AuditLog.ON : Stores.AuditLog.AS_FOUND).close();
    info("created a store at " + dir + (audit ? ", with its audit log in " + dir.resolve(Stores.AUDIT_FILE) : ""));
    return 0;
  }
}
