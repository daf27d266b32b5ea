package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.audit.AuditConfig;
import dev.sectools.fs.PathDisplay;
import dev.sectools.secrets.DatabaseConfig;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Opens and creates the store that {@link StoreOptions} select, unlocked by a passphrase from
 * {@link Passphrases}. A prompt is retried up to {@value Passphrases#PROMPT_ATTEMPTS} times; a
 * file or variable that holds the wrong passphrase fails at once (exit code 6).
 */
public final class Stores {
  /**
   * The audit log's file name in a store directory. The library does not record in the store
   * whether it keeps a log, so the command line keeps the log on for every command once this
   * file exists ({@code secrets init --audit}, {@code secrets audit enable}).
   */
  public static final String AUDIT_FILE = AuditConfig.DEFAULT_FILE_NAME;

  /** Whether a command's store writes the audit log. */
  public enum AuditLog {
    /** On if the store directory already holds {@value Stores#AUDIT_FILE}. */
    AS_FOUND,
    /** On: the log is started if there is none. */
    ON
  }

  private Stores() {}

  /**
   * The store directory: {@code --store} (or its default from the environment and config file),
   * else {@code $XDG_DATA_HOME/sectools/default}, else {@code ~/.local/share/sectools/default}.
   *
   * With {@code --db-url} the rows are in PostgreSQL and this directory holds this host's audit log.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if no directory can be worked out
   */
  public static Path directory(StoreOptions options, CliEnvironment env) {
    if (options.store != null) {
      return options.store.toAbsolutePath().normalize();
    }
    Optional<Path> data = env.variable("XDG_DATA_HOME").map(Path::of)
        .or(() -> env.home().map(h -> h.resolve(".local").resolve("share")));
    return data.map(d -> d.resolve("sectools").resolve("default").toAbsolutePath().normalize())
        .orElseThrow(() -> new CliException(ExitCode.USAGE,
            "no store selected and no HOME: use --store DIR or set SECTOOLS_STORE"));
  }

  /**
   * Opens the selected store.
   *
   * @throws CliException ({@link ExitCode#NOT_FOUND}) if there is no store there
   * @throws StoreAccessDeniedException if the passphrase is wrong (after the prompt's retries)
   */
  public static SecretStore open(StoreOptions options, CliEnvironment env)
      throws IOException, GeneralSecurityException {
    return open(options, env, AuditLog.AS_FOUND);
  }

  /**
   * Opens the selected store, with its audit log as {@code audit} says: with the session's key if
   * the environment has one ({@code sectools shell}), else with a passphrase.
   *
   * @throws CliException ({@link ExitCode#NOT_FOUND}) if there is no store there
   * @throws StoreAccessDeniedException if the passphrase is wrong (after the prompt's retries)
   */
  public static SecretStore open(StoreOptions options, CliEnvironment env, AuditLog audit)
      throws IOException, GeneralSecurityException {
    if (env.sessionKey().isPresent()) {
      Path dir = directory(options, env);
      try {
        return SecretStore.open(config(dir, env.sessionKey().get(), options, audit));
      } catch (NoSuchFileException e) {
        throw noStore(options, dir, e);
      }
    }
    return withPassphrase(options, env, (dir, pass) -> {
      try (PassphraseKeyProvider key = PassphraseKeyProvider.of(pass)) {
        return SecretStore.open(config(dir, key, options, audit));
      }
    });
  }

  /**
   * Opens the store in {@code dir} with {@code key} and the command line's defaults (its audit log
   * as found), as the agent holds it.
   *
   * @throws CliException ({@link ExitCode#NOT_FOUND}) if there is no store there
   */
  public static SecretStore open(Path dir, KeyProvider key) throws IOException, GeneralSecurityException {
    try {
      return SecretStore.open(config(dir, key, new StoreOptions(), AuditLog.AS_FOUND));
    } catch (NoSuchFileException e) {
      throw noStore(new StoreOptions(), dir, e);
    }
  }

  /**
   * Asks for the passphrase once (a prompt with its retries), checks it by opening the selected
   * store, and returns the key derived from it for a session: stores opened with it (through
   * {@link CliEnvironment#sessionKey()}) need no passphrase and no key derivation. Close it.
   *
   * @throws CliException ({@link ExitCode#NOT_FOUND}) if there is no store there
   * @throws StoreAccessDeniedException if the passphrase is wrong (after the prompt's retries)
   */
  public static SessionKey unlock(StoreOptions options, CliEnvironment env)
      throws IOException, GeneralSecurityException {
    return withPassphrase(options, env, (dir, pass) -> {
      SessionKey key = new SessionKey(PassphraseKeyProvider.of(pass));
      try {
        SecretStore.open(config(dir, key, options, AuditLog.AS_FOUND)).close(); // only to check the passphrase
        return key;
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        key.close();
        throw e;
      }
    });
  }

  /** Unlocks a store with a passphrase. */
  @FunctionalInterface
  private interface Unlocker<T> {
    T unlock(Path dir, char[] passphrase) throws IOException, GeneralSecurityException;
  }

  /** Reads the passphrase and runs {@code unlocker}, again while a prompt's retries last. */
  private static <T> T withPassphrase(StoreOptions options, CliEnvironment env, Unlocker<T> unlocker)
      throws IOException, GeneralSecurityException {
    Path dir = directory(options, env);
    Passphrases.Source source = Passphrases.source(options.passphraseFile, env);
    int attempts = source == Passphrases.Source.PROMPT ? Passphrases.PROMPT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      char[] pass = Passphrases.read(source, options.passphraseFile, env, "Passphrase for the store:");
      try {
        return unlocker.unlock(dir, pass);
      } catch (NoSuchFileException e) {
        throw noStore(options, dir, e);
      } catch (StoreAccessDeniedException e) {
        if (attempt >= attempts) {
          throw e;
        }
        env.terminal().tell("Wrong passphrase, try again (" + (attempts - attempt) + " left).");
      } finally {
        Arrays.fill(pass, '\0');
      }
    }
  }

  /**
   * Creates a store in the selected directory with a new passphrase.
   *
   * @throws java.nio.file.FileAlreadyExistsException if a store is already there
   */
  public static SecretStore create(StoreOptions options, CliEnvironment env, Argon2Settings cost, AuditLog audit)
      throws IOException, GeneralSecurityException {
    Path dir = directory(options, env);
    Passphrases.Source source = Passphrases.source(options.passphraseFile, env);
    char[] pass = Passphrases.readNew(source, options.passphraseFile, env);
    try (PassphraseKeyProvider key = PassphraseKeyProvider.of(pass, cost)) {
      return SecretStore.create(config(dir, key, options, audit));
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  /** Whether the store in {@code dir} keeps an audit log (the CLI's record of it: the file exists). */
  public static boolean auditEnabled(Path dir) {
    return Files.exists(dir.resolve(AUDIT_FILE), LinkOption.NOFOLLOW_LINKS);
  }

  static StoreConfig config(Path dir, KeyProvider key, StoreOptions options, AuditLog audit) {
    // Secret paths are the user's own arguments: errors name them (values never appear).
    StoreConfig.Builder b = StoreConfig.builder(dir, key).pathDisplay(PathDisplay.FULL);
    if (options.busyTimeout != null) {
      b.busyTimeout(options.busyTimeout);
    }
    if (audit == AuditLog.ON || auditEnabled(dir)) {
      // The log keeps keyed hashes of paths (the library's default), unlike error messages.
      b.audit(AuditConfig.inStoreDirectory().build());
    }
    if (options.dbUrl != null) {
      b.database(database(options.dbUrl, options.dbPasswordFile));
    }
    return b.build();
  }

  /**
   * The PostgreSQL database at {@code url} (the user may be in it: {@code ?user=NAME}), its
   * password read from {@code passwordFile} (null: none).
   *
   * @throws IllegalArgumentException if {@code url} is no PostgreSQL URL or carries a password
   */
  static DatabaseConfig database(String url, Path passwordFile) {
    DatabaseConfig.Builder db = DatabaseConfig.postgres(url);
    if (passwordFile != null) {
      db.passwordFile(passwordFile.toAbsolutePath().normalize());
    }
    return db.build();
  }

  static CliException noStore(StoreOptions options, Path dir, Exception cause) {
    return options.dbUrl != null ? noStore("in the database", "--db-url URL", cause)
        : noStore("at " + dir, "--store " + dir, cause);
  }

  private static CliException noStore(String where, String selection, Exception cause) {
    return new CliException(ExitCode.NOT_FOUND, "no store " + where
        + "; create one with 'sectools secrets init " + selection + "'", cause);
  }
}
