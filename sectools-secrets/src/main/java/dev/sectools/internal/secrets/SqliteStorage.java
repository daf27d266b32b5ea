package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreBusyException;
import dev.sectools.secrets.StoreFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The embedded storage: one SQLite file in WAL mode, fully synchronous, with foreign keys and
 * secure delete on. Writes begin with {@code BEGIN IMMEDIATE}, so two processes never both read
 * and then try to upgrade; waiting for a lock is bounded by the busy timeout. One connection
 * per store, used by one thread at a time. The row operations are {@link JdbcStorage}'s.
 */
final class SqliteStorage extends JdbcStorage {
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
      throw translate(e, sql);
    }
  }

  private void exec(String sql) throws IOException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw translate(e, sql);
    }
  }

  /** A connection of its own to the same file: in WAL mode, its read transaction is a snapshot. */
  @Override
  public Storage reader() throws IOException {
    return open(file, busyTimeout);
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
  public long changeCounter() throws IOException {
    try (ResultSet rs = prepare("PRAGMA data_version").executeQuery()) {
      long dataVersion = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
      if (dataVersion != lastDataVersion) {
        lastDataVersion = dataVersion;
        changes++;
      }
      return changes;
    } catch (SQLException e) {
      throw translate(e, "reading the store's change counter");
    }
  }

  @Override
  public void createSchema() throws IOException {
    for (String ddl : SCHEMA) {
      exec(ddl);
    }
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

  // Statements are prepared once per connection and reused: the connection is used by one
  // thread at a time (the lock), and preparing costs more than running a point query.
  @Override
  protected PreparedStatement prepare(String sql, Object... args) throws SQLException {
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

  @Override
  protected void erased() {
    changedSinceCheckpoint = true;
  }

  @Override
  protected boolean noSuchTable(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("no such table");
  }

  @Override
  protected IOException translate(SQLException e, String what) {
    return translate(e, what, busyTimeout);
  }

  private static IOException translate(SQLException e, String what, Duration busyTimeout) {
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
