package dev.sectools.cli.secrets;

import dev.sectools.cli.internal.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Which store a command works on and how it is unlocked: {@code --store}, {@code --db-url},
 * {@code --passphrase-file}, {@code --busy-timeout}. Mixed into every command that opens a store;
 * each option also takes its default from {@code SECTOOLS_<OPTION>} and the config file.
 */
public final class StoreOptions {
  @Option(names = "--store", paramLabel = "DIR",
      description = "The store's directory (SQLite file inside). Default: $SECTOOLS_STORE, else $XDG_DATA_HOME/sectools/default.")
  Path store;

  @Option(names = "--db-url", paramLabel = "URL",
      description = "A store shared in PostgreSQL (jdbc:postgresql://host/db?user=NAME; never a password in the"
          + " URL); --store is then this host's directory, for its audit log. Default: $SECTOOLS_DB_URL.")
  String dbUrl;

  @Option(names = "--db-password-file", paramLabel = "FILE",
      description = "Read the database password from FILE. Default: $SECTOOLS_DB_PASSWORD_FILE.")
  Path dbPasswordFile;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Read the passphrase from FILE (first line). Default: $SECTOOLS_PASSPHRASE_FILE; else $SECTOOLS_PASSPHRASE (weaker), else a prompt.")
  Path passphraseFile;

  @Option(names = "--busy-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for another writer (default 10s).")
  Duration busyTimeout;

  /** For picocli. */
  public StoreOptions() {}
}
