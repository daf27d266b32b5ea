package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreBusyException;
import dev.sectools.secrets.StoreFormatException;
import dev.sectools.secrets.VersionState;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded storage: one SQLite file in WAL mode, fully synchronous, with foreign keys and
 * secure delete on. Writes begin with {@code BEGIN IMMEDIATE}, so two processes never both read
 * and then try to upgrade; waiting for a lock is bounded by the busy timeout. One connection
 * per store, used by one thread at a time. The SQL is kept portable apart from the pragmas.
 */
final class SqliteStorage implements Storage {
  private static final String[] SCHEMA = {
    "CREATE TABLE store_header (name TEXT PRIMARY KEY, value BLOB NOT NULL)",
    "CREATE TABLE secrets (path_id BLOB PRIMARY KEY, name_ct BLOB NOT NULL,"
        + " current_version BIGINT NOT NULL, max_versions INTEGER NOT NULL,"
        + " cas_required INTEGER NOT NULL, delete_after_ms BIGINT NOT NULL, rotation TEXT, meta_ct BLOB,"
        + " created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)",
    "CREATE TABLE versions (path_id BLOB NOT NULL REFERENCES secrets (path_id) ON DELETE CASCADE,"
        + " version BIGINT NOT NULL, state INTEGER NOT NULL, created_ms BIGINT NOT NULL,"
        + " key_id BIGINT NOT NULL, value_ct BLOB, PRIMARY KEY (path_id, version))",
  };

  // Columns are read by position: looking them up by name costs more than the query.
  private static final String SECRET_COLUMNS = "path_id, name_ct, current_version, max_versions, cas_required,"
      + " delete_after_ms, rotation, meta_ct, created_ms, updated_ms";
  private static final String VERSION_COLUMNS = "version, state, created_ms, key_id, value_ct";
  // Two statements, not one with a CASE: SQLite uses the versions primary key only for a plain
  // equality.
  private static final String LOOKUP_BASE = "SELECT s.path_id, s.name_ct, s.current_version,"
      + " s.max_versions, s.cas_required, s.delete_after_ms, s.rotation, s.meta_ct, s.created_ms,"
      + " s.updated_ms, v.version, v.state, v.created_ms, v.key_id, v.value_ct FROM secrets s"
      + " LEFT JOIN versions v ON v.path_id = s.path_id AND v.version = ";
  private static final String LOOKUP_CURRENT = LOOKUP_BASE + "s.current_version WHERE s.path_id = ?";
  private static final String LOOKUP_VERSION = LOOKUP_BASE + "? WHERE s.path_id = ?";
  private static final String SCAN = "SELECT s.path_id, s.name_ct, s.current_version,"
      + " s.max_versions, s.cas_required, s.delete_after_ms, s.rotation, s.meta_ct, s.created_ms,"
      + " s.updated_ms, v.version, v.state, v.created_ms, v.key_id, v.value_ct FROM secrets s"
      + " LEFT JOIN versions v ON v.path_id = s.path_id ORDER BY s.path_id, v.version";

  private final Connection connection;
  private final Path file;
  private final Duration busyTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private boolean changedSinceCheckpoint;
  // changeCounter(): bumped by this connection's writes and by a new PRAGMA data_version, which
  // changes when another connection commits.
  private long changes;
  private long lastDataVersion = Long.MIN_VALUE;

  private SqliteStorage(Connection connection, Path file, Duration busyTimeout) {
    this.connection = connection;
    this.file = file;
    this.busyTimeout = busyTimeout;
  }

  /**
   * Opens the database file {@code file}, which must exist (it may be empty for a new store).
   *
   * @throws StoreFormatException if it is not an SQLite database
   */
  static SqliteStorage open(Path file, Duration busyTimeout) throws IOException {
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE); // never make a database where none was
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    try {
      Connection c = config.createConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA secure_delete = ON"); // deleted ciphertexts are overwritten, not just unlinked
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new SqliteStorage(c, file, busyTimeout);
    } catch (SQLException e) {
      throw translate(e, "opening the store database", busyTimeout);
    }
  }

  @Override
  public <T> T inTransaction(Mode mode, Work<T> work) throws IOException, GeneralSecurityException {
    lock.lock();
    try {
      if (mode == Mode.SINGLE_STATEMENT) {
        return work.run();
      }
      if (mode == Mode.WRITE) {
        changes++;
      }
      run(mode == Mode.WRITE ? "BEGIN IMMEDIATE" : "BEGIN");
      boolean done = false;
      try {
        T result = work.run();
        run("COMMIT");
        done = true;
        return result;
      } finally {
        if (!done) {
          rollbackQuietly();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void rollbackQuietly() {
    try {
      prepare("ROLLBACK").execute();
    } catch (SQLException ignored) {
      // Already rolled back by SQLite (e.g. after SQLITE_FULL); the first error is reported.
    }
  }

  private void run(String sql) throws IOException {
    try {
      prepare(sql).execute();
    } catch (SQLException e) {
      throw translate(e, sql, busyTimeout);
    }
  }

  private void exec(String sql) throws IOException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw translate(e, sql, busyTimeout);
    }
  }

  /** A connection of its own to the same file: in WAL mode, its read transaction is a snapshot. */
  @Override
  public Storage reader() throws IOException {
    return open(file, busyTimeout);
  }

  @Override
  public void scan(RowSink sink) throws IOException, GeneralSecurityException {
    // A plain cursor: sqlite-jdbc steps through the rows as they are read, holding none.
    try (PreparedStatement ps = connection.prepareStatement(SCAN); ResultSet rs = ps.executeQuery()) {
      byte[] last = null;
      while (rs.next()) {
        byte[] pathId = rs.getBytes(1);
        if (last == null || !java.util.Arrays.equals(last, pathId)) {
          sink.secret(secretRow(rs));
          last = pathId;
        }
        rs.getLong(11);
        if (!rs.wasNull()) {
          sink.version(versionRow(rs, 11));
        }
      }
    } catch (SQLException e) {
      throw translate(e, "reading the store for a backup", busyTimeout);
    }
  }

  /** Copies the WAL into the database and truncates it. Called outside any transaction. */
  void checkpoint() throws IOException {
    lock.lock();
    try {
      exec("PRAGMA wal_checkpoint(TRUNCATE)");
      changedSinceCheckpoint = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long[] counts() throws IOException {
    try (ResultSet rs = prepare("SELECT (SELECT COUNT(*) FROM secrets), (SELECT COUNT(*) FROM versions)")
        .executeQuery()) {
      return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
    } catch (SQLException e) {
      throw translate(e, "counting secrets", busyTimeout);
    }
  }

  @Override
  public long changeCounter() throws IOException {
    try (ResultSet rs = prepare("PRAGMA data_version").executeQuery()) {
      long dataVersion = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
      if (dataVersion != lastDataVersion) {
        lastDataVersion = dataVersion;
        changes++;
      }
      return changes;
    } catch (SQLException e) {
      throw translate(e, "reading the store's change counter", busyTimeout);
    }
  }

  @Override
  public void createSchema() throws IOException {
    for (String ddl : SCHEMA) {
      exec(ddl);
    }
  }

  @Override
  public Map<String, byte[]> header() throws IOException {
    Map<String, byte[]> header = new LinkedHashMap<>();
    try (ResultSet rs = prepare("SELECT name, value FROM store_header").executeQuery()) {
      while (rs.next()) {
        header.put(rs.getString(1), rs.getBytes(2));
      }
    } catch (SQLException e) {
      if (e.getMessage() != null && e.getMessage().contains("no such table")) {
        throw new StoreFormatException("not a sectools store (no store header)", e);
      }
      throw translate(e, "reading the store header", busyTimeout);
    }
    return header;
  }

  @Override
  public byte[] headerValue(String name) throws IOException {
    try (ResultSet rs = prepare("SELECT value FROM store_header WHERE name = ?", name).executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    } catch (SQLException e) {
      throw translate(e, "reading the store header", busyTimeout);
    }
  }

  @Override
  public void putHeader(String name, byte[] value) throws IOException {
    update("INSERT INTO store_header (name, value) VALUES (?, ?)"
        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value", name, value);
  }

  @Override
  public Optional<SecretRow> secret(byte[] pathId) throws IOException {
    List<SecretRow> rows = querySecrets("SELECT " + SECRET_COLUMNS + " FROM secrets WHERE path_id = ?", pathId);
    return rows.stream().findFirst();
  }

  @Override
  public List<SecretRow> secrets() throws IOException {
    return querySecrets("SELECT " + SECRET_COLUMNS + " FROM secrets");
  }

  @Override
  public Optional<Lookup> lookup(byte[] pathId, long version) throws IOException {
    try (ResultSet rs = (version == 0 ? prepare(LOOKUP_CURRENT, pathId) : prepare(LOOKUP_VERSION, version, pathId))
        .executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      SecretRow secret = secretRow(rs);
      rs.getLong(11);
      VersionRow row = rs.wasNull() ? null : versionRow(rs, 11); // the LEFT JOIN found no version
      return Optional.of(new Lookup(secret, row));
    } catch (SQLException e) {
      throw translate(e, "reading a secret", busyTimeout);
    }
  }

  private List<SecretRow> querySecrets(String sql, Object... args) throws IOException {
    try (ResultSet rs = prepare(sql, args).executeQuery()) {
      List<SecretRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(secretRow(rs));
      }
      return rows;
    } catch (SQLException e) {
      throw translate(e, "reading secrets", busyTimeout);
    }
  }

  @Override
  public void insertSecret(SecretRow row) throws IOException {
    update("INSERT INTO secrets (path_id, name_ct, current_version, max_versions, cas_required,"
        + " delete_after_ms, rotation, meta_ct, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        row.pathId, row.nameCiphertext, row.currentVersion, row.maxVersions, row.casRequired ? 1 : 0,
        row.deleteAfterMillis, row.rotation, row.metaCiphertext, row.createdMillis, row.updatedMillis);
  }

  @Override
  public void updateSecret(SecretRow row) throws IOException {
    update("UPDATE secrets SET current_version = ?, max_versions = ?, cas_required = ?, delete_after_ms = ?,"
        + " rotation = ?, meta_ct = ?, updated_ms = ? WHERE path_id = ?", row.currentVersion, row.maxVersions,
        row.casRequired ? 1 : 0, row.deleteAfterMillis, row.rotation, row.metaCiphertext, row.updatedMillis,
        row.pathId);
  }

  @Override
  public void deleteSecret(byte[] pathId) throws IOException {
    update("DELETE FROM secrets WHERE path_id = ?", pathId);
    changedSinceCheckpoint = true;
  }

  @Override
  public List<VersionRow> versions(byte[] pathId) throws IOException {
    return queryVersions("SELECT " + VERSION_COLUMNS + " FROM versions WHERE path_id = ? ORDER BY version", pathId);
  }

  @Override
  public Optional<VersionRow> version(byte[] pathId, long version) throws IOException {
    return queryVersions("SELECT " + VERSION_COLUMNS + " FROM versions WHERE path_id = ? AND version = ?", pathId, version)
        .stream().findFirst();
  }

  private List<VersionRow> queryVersions(String sql, Object... args) throws IOException {
    try (ResultSet rs = prepare(sql, args).executeQuery()) {
      List<VersionRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(versionRow(rs, 1));
      }
      return rows;
    } catch (SQLException e) {
      throw translate(e, "reading versions", busyTimeout);
    }
  }

  // SECRET_COLUMNS, from column 1.
  private static SecretRow secretRow(ResultSet rs) throws SQLException {
    return new SecretRow(rs.getBytes(1), rs.getBytes(2), rs.getLong(3), rs.getInt(4), rs.getInt(5) != 0,
        rs.getLong(6), rs.getString(7), rs.getBytes(8), rs.getLong(9), rs.getLong(10));
  }

  // VERSION_COLUMNS, from column first.
  private static VersionRow versionRow(ResultSet rs, int first) throws SQLException, StoreFormatException {
    return new VersionRow(rs.getLong(first), state(rs.getInt(first + 1)), rs.getLong(first + 2),
        rs.getLong(first + 3), rs.getBytes(first + 4));
  }

  private static VersionState state(int code) throws StoreFormatException {
    VersionState[] all = VersionState.values();
    if (code < 0 || code >= all.length) {
      throw new StoreFormatException("unknown version state " + code);
    }
    return all[code];
  }

  @Override
  public void insertVersion(byte[] pathId, VersionRow row) throws IOException {
    update("INSERT INTO versions (path_id, version, state, created_ms, key_id, value_ct)"
        + " VALUES (?, ?, ?, ?, ?, ?)", pathId, row.version, row.state.ordinal(), row.createdMillis,
        row.keyId, row.ciphertext);
  }

  @Override
  public void setState(byte[] pathId, long version, VersionState state) throws IOException {
    update("UPDATE versions SET state = ? WHERE path_id = ? AND version = ?", state.ordinal(), pathId, version);
  }

  @Override
  public void destroy(byte[] pathId, long version) throws IOException {
    update("UPDATE versions SET state = ?, value_ct = NULL WHERE path_id = ? AND version = ?",
        VersionState.DESTROYED.ordinal(), pathId, version);
    changedSinceCheckpoint = true;
  }

  @Override
  public void deleteVersion(byte[] pathId, long version) throws IOException {
    update("DELETE FROM versions WHERE path_id = ? AND version = ?", pathId, version);
    changedSinceCheckpoint = true;
  }

  @Override
  public Map<Long, Long> versionsPerKey() throws IOException {
    Map<Long, Long> counts = new LinkedHashMap<>();
    try (ResultSet rs = prepare(
            "SELECT key_id, COUNT(*) FROM versions WHERE value_ct IS NOT NULL GROUP BY key_id").executeQuery()) {
      while (rs.next()) {
        counts.put(rs.getLong(1), rs.getLong(2));
      }
      return counts;
    } catch (SQLException e) {
      throw translate(e, "counting versions per key", busyTimeout);
    }
  }

  @Override
  public List<StaleVersion> notUnder(long keyId, int limit) throws IOException {
    try (ResultSet rs = prepare("SELECT path_id, version, value_ct FROM versions"
            + " WHERE key_id <> ? AND value_ct IS NOT NULL LIMIT ?", keyId, limit).executeQuery()) {
      List<StaleVersion> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new StaleVersion(rs.getBytes(1), rs.getLong(2), rs.getBytes(3)));
      }
      return out;
    } catch (SQLException e) {
      throw translate(e, "finding versions to re-encrypt", busyTimeout);
    }
  }

  @Override
  public void reencrypted(byte[] pathId, long version, long keyId, byte[] ciphertext) throws IOException {
    update("UPDATE versions SET key_id = ?, value_ct = ? WHERE path_id = ? AND version = ?",
        keyId, ciphertext, pathId, version);
    changedSinceCheckpoint = true;
  }

  /**
   * After ciphertexts were erased, copies the WAL into the database and truncates it, so the
   * erased bytes do not linger in the WAL file (secure delete already zeroes them in the
   * database pages). Called outside any transaction.
   */
  @Override
  public void purgeErased() throws IOException {
    lock.lock();
    try {
      if (changedSinceCheckpoint) {
        exec("PRAGMA wal_checkpoint(TRUNCATE)");
        changedSinceCheckpoint = false;
      }
    } finally {
      lock.unlock();
    }
  }

  private void update(String sql, Object... args) throws IOException {
    try {
      prepare(sql, args).executeUpdate();
    } catch (SQLException e) {
      throw translate(e, "writing the store", busyTimeout);
    }
  }

  // Statements are prepared once per connection and reused: the connection is used by one
  // thread at a time (the lock), and preparing costs more than running a point query.
  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    ps.clearParameters();
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  static IOException translate(SQLException e, String what, Duration busyTimeout) {
    String code = e instanceof SQLiteException se ? se.getResultCode().name() : "";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      return new StoreBusyException(what + ": the store stayed locked by another writer for "
          + busyTimeout.toMillis() + " ms", e);
    }
    if (code.startsWith("SQLITE_NOTADB") || code.startsWith("SQLITE_CORRUPT")
        || code.startsWith("SQLITE_CANTOPEN")) {
      return new StoreFormatException(what + ": the store database is damaged or missing (" + code + ")", e);
    }
    return new IOException(what + ": " + e.getMessage(), e);
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      for (PreparedStatement ps : statements.values()) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // Closing the connection below releases it anyway.
        }
      }
      statements.clear();
      connection.close();
    } catch (SQLException e) {
      throw new IOException("closing the store database: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }
}
