package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;

/**
 * Where a store's rows live, and how a {@link Storage} for them is made: the SQLite file in the
 * store's directory ({@link SqliteLocation}), or a PostgreSQL database ({@link PostgresLocation}).
 * Everything a store shares between its users (store id, wrapped keysets, key provider record,
 * rows) is in the storage's tables; only the audit log stays a local file of each host.
 */
interface StoreLocation {
  /** The location {@code config} names. */
  static StoreLocation of(StoreConfig config) {
    return config.database().isPresent() ? new PostgresLocation(config) : new SqliteLocation(config);
  }

  /**
   * A storage for a new store, with no schema yet. If making the store fails, the caller closes
   * the storage and calls {@link #discard()}.
   *
   * @throws FileAlreadyExistsException if a store is already there (it is not touched)
   */
  Storage create() throws IOException;

  /** Removes what {@link #create()} made; quiet, for a failure path. */
  void discard();

  /**
   * A storage for the existing store.
   *
   * @throws NoSuchFileException if there is no store there
   */
  Storage open() throws IOException;

  /**
   * Checks that there is no store here, before a restore reads its input.
   *
   * @throws FileAlreadyExistsException if there is one
   */
  void requireNoStore() throws IOException;

  /**
   * Fills a new store through {@code loader}; the store becomes visible only if it returns.
   * On any failure nothing is left behind.
   *
   * @throws FileAlreadyExistsException if a store appeared here meanwhile (it is not touched)
   */
  void fill(Loader loader) throws IOException, GeneralSecurityException;

  /** Writes a new store's schema and rows into an empty storage. */
  @FunctionalInterface
  interface Loader {
    void load(Storage empty) throws IOException, GeneralSecurityException;
  }
}
