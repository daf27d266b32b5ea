package dev.sectools.internal.secrets;

import dev.sectools.secrets.VersionState;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a store keeps its rows: the storage SPI. It sees only ciphertexts, keyed hashes and
 * numbers, never a value or a name. Row operations are called inside {@link #inTransaction}.
 *
 * <p>Every backend keeps the same tables ({@code store_header}, {@code secrets},
 * {@code versions}) with the same meaning, and must pass {@code StorageContractTest}: the
 * engine above never knows which one it runs on. A backend is made by a {@link StoreLocation}.
 */
interface Storage extends AutoCloseable {
  /**
   * Whether a transaction may write (writes take the store's write lock when they begin), or is
   * one statement, which SQL runs atomically on its own, with no transaction around it.
   */
  enum Mode { READ, WRITE, SINGLE_STATEMENT }

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException, GeneralSecurityException;
  }

  /**
   * Runs {@code work} in one transaction, committed if it returns and rolled back if it throws.
   * Not reentrant. A {@link Mode#WRITE} transaction is isolated from every other writer, in
   * this process or another, as if writes ran one at a time: a row read in it cannot change
   * before it commits. A backend may run {@code work} again after a conflict it rolled back, so
   * {@code work} must leave nothing behind but its database changes.
   */
  <T> T inTransaction(Mode mode, Work<T> work) throws IOException, GeneralSecurityException;

  /**
   * A number that grows whenever any connection to the store, this one included, may have
   * committed a change since the last call: rows read while it stays the same are still current.
   * {@code -1} if the backend cannot tell cheaply; rows are then never reused. Called inside
   * {@link #inTransaction}.
   */
  long changeCounter() throws IOException;

  /** Creates the schema in an empty database. */
  void createSchema() throws IOException;

  /** The store header: format version, store id, key provider, wrapped keysets. */
  Map<String, byte[]> header() throws IOException;

  /** One header entry, or null. */
  byte[] headerValue(String name) throws IOException;

  /** Sets a header entry. */
  void putHeader(String name, byte[] value) throws IOException;

  Optional<SecretRow> secret(byte[] pathId) throws IOException;

  List<SecretRow> secrets() throws IOException;

  /**
   * A secret and one of its versions ({@code 0}: the current one) in one statement; the version
   * is null if it is not kept.
   */
  Optional<Lookup> lookup(byte[] pathId, long version) throws IOException;

  /** A secret's row and the version asked for, or null. */
  final class Lookup {
    final SecretRow secret;
    final VersionRow version;

    Lookup(SecretRow secret, VersionRow version) {
      this.secret = secret;
      this.version = version;
    }
  }

  void insertSecret(SecretRow row) throws IOException;

  void updateSecret(SecretRow row) throws IOException;

  void deleteSecret(byte[] pathId) throws IOException;

  List<VersionRow> versions(byte[] pathId) throws IOException;

  Optional<VersionRow> version(byte[] pathId, long version) throws IOException;

  void insertVersion(byte[] pathId, VersionRow row) throws IOException;

  void setState(byte[] pathId, long version, VersionState state) throws IOException;

  /** Sets the state to destroyed and erases the ciphertext. */
  void destroy(byte[] pathId, long version) throws IOException;

  void deleteVersion(byte[] pathId, long version) throws IOException;

  /**
   * Every secret followed by its versions (oldest first), secrets in path id order, from one
   * cursor: memory stays flat whatever the store's size. Inside a read transaction, this is one
   * consistent snapshot.
   */
  void scan(RowSink sink) throws IOException, GeneralSecurityException;

  /** Receives the rows of {@link #scan}. */
  interface RowSink {
    /** The next secret; the versions that follow belong to it. */
    void secret(SecretRow row) throws IOException, GeneralSecurityException;

    /** The next version of the last secret. */
    void version(VersionRow row) throws IOException, GeneralSecurityException;
  }

  /** How many secrets and versions (in every state) the store holds, in that order. */
  long[] counts() throws IOException;

  /** How many versions with a ciphertext each data key encrypts. */
  Map<Long, Long> versionsPerKey() throws IOException;

  /** Up to {@code limit} versions with a ciphertext under another key than {@code keyId}. */
  List<StaleVersion> notUnder(long keyId, int limit) throws IOException;

  /** Replaces a version's ciphertext with one under {@code keyId}. */
  void reencrypted(byte[] pathId, long version, long keyId, byte[] ciphertext) throws IOException;

  /** A version to re-encrypt. Arrays are shared, not copied. */
  final class StaleVersion {
    final byte[] pathId;
    final long version;
    final byte[] ciphertext;

    StaleVersion(byte[] pathId, long version, byte[] ciphertext) {
      this.pathId = pathId;
      this.version = version;
      this.ciphertext = ciphertext;
    }
  }

  /**
   * After ciphertexts were erased (destroyed, deleted, re-encrypted): makes the backend drop its
   * copies of the old bytes where it can (SQLite: checkpoints and truncates the WAL). Called
   * outside any transaction.
   */
  void purgeErased() throws IOException;

  /**
   * A storage for one long read transaction (a backup's snapshot) that holds up neither this
   * storage's other work nor other writers. Closing it leaves this storage open.
   */
  Storage reader() throws IOException;

  @Override
  void close() throws IOException;
}
