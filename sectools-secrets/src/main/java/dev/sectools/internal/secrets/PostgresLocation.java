package dev.sectools.internal.secrets;

import dev.sectools.secrets.DatabaseConfig;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.temp.SecureTemp;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;

/**
 * A store in a PostgreSQL database ({@link StoreConfig#database()}), in the schema first on the
 * connection's search path. The store's directory stays this host's own: it is made private
 * ({@code 0700}) for the audit log.
 */
final class PostgresLocation implements StoreLocation {
  private final StoreConfig config;
  private final DatabaseConfig db;

  PostgresLocation(StoreConfig config) {
    this.config = config;
    this.db = config.database().orElseThrow();
  }

  @Override
  public Storage create() throws IOException {
    SecureTemp.ensurePrivateDirectory(config.directory());
    PostgresStorage storage = connect();
    try {
      if (storage.hasStore()) {
        throw new FileAlreadyExistsException(db.displayUrl(), null, "a store already exists in this database");
      }
      return storage;
    } catch (IOException | RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  /** Nothing: a store is created in one transaction, which a failure rolls back whole. */
  @Override
  public void discard() {}

  @Override
  public Storage open() throws IOException {
    SecureTemp.ensurePrivateDirectory(config.directory());
    PostgresStorage storage = connect();
    try {
      if (!storage.hasStore()) {
        throw new NoSuchFileException(db.displayUrl(), null, "no store in this database");
      }
      return storage;
    } catch (IOException | RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  @Override
  public void requireNoStore() throws IOException {
    create().close();
  }

  /** One transaction: the tables and every row appear together at the commit, or never. */
  @Override
  public void fill(Loader loader) throws IOException, GeneralSecurityException {
    SecureTemp.ensurePrivateDirectory(config.directory());
    try (PostgresStorage storage = connect()) {
      storage.inOneTransaction(() -> {
        loader.load(storage);
        return null;
      });
    }
  }

  private PostgresStorage connect() throws IOException {
    try {
      return PostgresStorage.connect(db, config.busyTimeout());
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException("a PostgreSQL store needs HikariCP and the PostgreSQL JDBC driver"
          + " (org.postgresql:postgresql) on the class path", e);
    }
  }
}
