package dev.sectools.internal.secrets;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool.PoolInitializationException;
import dev.sectools.secrets.DatabaseConfig;
import dev.sectools.secrets.StoreBusyException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The shared storage: a PostgreSQL database reached through a HikariCP pool, for a store that
 * many hosts use at once. Each transaction borrows a connection, so the threads of one process
 * run theirs side by side. Writes are {@code SERIALIZABLE}: a write transaction that read rows
 * another committed meanwhile fails with a serialisation failure ({@code 40001}, or a deadlock,
 * {@code 40P01}), is rolled back and run again, at most {@value #MAX_ATTEMPTS} times; so no
 * update is lost and no check-and-set passes on a stale version. Reads are
 * {@code REPEATABLE READ}: one snapshot.
 *
 * <p>Rows are never kept for reuse ({@link #changeCounter()} is {@code -1}): telling whether
 * another host committed would cost as much as the lookup itself.
 */
final class PostgresStorage extends JdbcStorage {
  /** Runs of one write transaction before a conflict is reported. */
  static final int MAX_ATTEMPTS = 16;

  private static final String[] SCHEMA = {
    "CREATE TABLE store_header (name TEXT PRIMARY KEY, value BYTEA NOT NULL)",
    "CREATE TABLE secrets (path_id BYTEA PRIMARY KEY, name_ct BYTEA NOT NULL,"
        + " current_version BIGINT NOT NULL, max_versions INTEGER NOT NULL,"
        + " cas_required INTEGER NOT NULL, delete_after_ms BIGINT NOT NULL, rotation TEXT, meta_ct BYTEA,"
        + " created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL)",
    "CREATE TABLE versions (path_id BYTEA NOT NULL REFERENCES secrets (path_id) ON DELETE CASCADE,"
        + " version BIGINT NOT NULL, state INTEGER NOT NULL, created_ms BIGINT NOT NULL,"
        + " key_id BIGINT NOT NULL, value_ct BYTEA, PRIMARY KEY (path_id, version))",
  };
  private static final String HAS_STORE = "SELECT to_regclass('store_header') IS NOT NULL";
  private static final int SOCKET_TIMEOUT_SECONDS = 300;

  private final HikariDataSource pool;
  private final boolean ownsPool;
  private final PostgresErrors errors;
  private final ThreadLocal<Transaction> current = new ThreadLocal<>();

  private PostgresStorage(HikariDataSource pool, boolean ownsPool, PostgresErrors errors) {
    this.pool = pool;
    this.ownsPool = ownsPool;
    this.errors = errors;
  }

  /**
   * Starts a pool of connections to {@code db}; a write waits at most {@code busyTimeout} for a
   * row another writer has locked.
   *
   * @throws dev.sectools.secrets.StoreUnavailableException if the server cannot be reached
   */
  static PostgresStorage connect(DatabaseConfig db, Duration busyTimeout) throws IOException {
    PostgresErrors errors = new PostgresErrors(db.displayUrl(), busyTimeout, db.connectionTimeout());
    HikariConfig config = new HikariConfig();
    config.setPoolName("sectools");
    config.setJdbcUrl(db.url());
    db.user().ifPresent(config::setUsername);
    Optional<char[]> password = db.readPassword();
    if (password.isPresent()) {
      config.setPassword(new String(password.get()));
      Arrays.fill(password.get(), '\0');
    }
    config.setMaximumPoolSize(db.poolSize());
    config.setMinimumIdle(1); // a command-line run needs one; a busy service grows the pool
    config.setConnectionTimeout(db.connectionTimeout().toMillis());
    config.setInitializationFailTimeout(db.connectionTimeout().toMillis());
    config.addDataSourceProperty("ApplicationName", "sectools");
    config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, db.connectionTimeout().toSeconds())));
    config.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    // 0 would mean "wait for ever"; SQLite's busy timeout of 0 means "do not wait".
    config.addDataSourceProperty("options", "-c lock_timeout=" + Math.max(1, busyTimeout.toMillis()));
    try {
      return new PostgresStorage(new HikariDataSource(config), true, errors);
    } catch (PoolInitializationException e) {
      throw errors.unreachable(e.getCause() instanceof SQLException s ? s : null, e);
    }
  }

  @Override
  public <T> T inTransaction(Mode mode, Work<T> work) throws IOException, GeneralSecurityException {
    Transaction open = current.get();
    if (open != null) {
      if (open.whole) {
        return work.run(); // part of the one transaction of inOneTransaction
      }
      throw new IllegalStateException("storage transactions do not nest");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(mode, work, false);
      } catch (StoreBusyException e) {
        if (mode != Mode.WRITE || !PostgresErrors.isConflict(e)) {
          throw e;
        }
        if (attempt >= MAX_ATTEMPTS) {
          throw new StoreBusyException("a write conflicted with concurrent writers " + attempt
              + " times in a row; try again", e);
        }
        backOff(attempt);
      }
    }
  }

  /**
   * Runs {@code work}, with every {@link #inTransaction} inside it, as one write transaction
   * with no retry: a store filled this way appears whole or not at all.
   */
  <T> T inOneTransaction(Work<T> work) throws IOException, GeneralSecurityException {
    if (current.get() != null) {
      throw new IllegalStateException("storage transactions do not nest");
    }
    return attempt(Mode.WRITE, work, true);
  }

  private <T> T attempt(Mode mode, Work<T> work, boolean whole) throws IOException, GeneralSecurityException {
    Connection c = borrow();
    Transaction tx = new Transaction(c, whole);
    current.set(tx);
    boolean single = mode == Mode.SINGLE_STATEMENT;
    boolean committing = false;
    try {
      if (!single) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(mode == Mode.WRITE
            ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(mode == Mode.READ);
      }
      T result = work.run();
      if (!single) {
        committing = true;
        c.commit();
      }
      tx.committed = true;
      return result;
    } catch (SQLException e) {
      throw errors.translate(e, committing && mode == Mode.WRITE
          ? "committing a write (its outcome is unknown: read before writing again)" : "running a transaction");
    } finally {
      current.remove();
      tx.close(single);
    }
  }

  private Connection borrow() throws IOException {
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw errors.noConnection(e, pool.getMaximumPoolSize());
    }
  }

  private static void backOff(int attempt) throws InterruptedIOException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while retrying a conflicting write");
    }
  }

  @Override
  protected PreparedStatement prepare(String sql, Object... args) throws SQLException {
    Transaction tx = current.get();
    if (tx == null) {
      throw new IllegalStateException("a storage operation must run inside inTransaction");
    }
    PreparedStatement ps = tx.statements.get(sql);
    if (ps == null) {
      ps = tx.connection.prepareStatement(sql);
      tx.statements.put(sql, ps);
    }
    ps.clearParameters();
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }

  @Override
  protected IOException translate(SQLException e, String what) {
    return errors.translate(e, what);
  }

  @Override
  protected boolean noSuchTable(SQLException e) {
    return PostgresErrors.UNDEFINED_TABLE.equals(e.getSQLState());
  }

  /** Whether the tables of a store exist, in the schema the connection's search path names first. */
  boolean hasStore() throws IOException {
    try {
      return inTransaction(Mode.SINGLE_STATEMENT, () -> {
        try (ResultSet rs = prepare(HAS_STORE).executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
          throw translate(e, "looking for a store");
        }
      });
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no cryptography runs here", e);
    }
  }

  @Override
  public long changeCounter() {
    return -1;
  }

  @Override
  public void createSchema() throws IOException {
    for (String ddl : SCHEMA) {
      try {
        prepare(ddl).execute();
      } catch (SQLException e) {
        if (PostgresErrors.DUPLICATE_TABLE.equals(e.getSQLState())) {
          throw new FileAlreadyExistsException(errors.displayUrl(), null, "a store already exists in this database");
        }
        throw translate(e, "creating the store's tables");
      }
    }
  }

  /**
   * Nothing to do here: PostgreSQL keeps a replaced row's old bytes until (auto)vacuum reclaims
   * them, and in its WAL and base backups; see docs/fleet.md.
   */
  @Override
  public void purgeErased() {}

  /** The same pool: a read transaction is a snapshot, and other transactions use other connections. */
  @Override
  public Storage reader() {
    return new PostgresStorage(pool, false, errors);
  }

  @Override
  public void close() {
    if (ownsPool) {
      pool.close();
    }
  }

  /** One transaction's connection and the statements prepared on it. */
  private static final class Transaction {
    final Connection connection;
    final boolean whole;
    final Map<String, PreparedStatement> statements = new HashMap<>();
    boolean committed;

    Transaction(Connection connection, boolean whole) {
      this.connection = connection;
      this.whole = whole;
    }

    // Rolls back unless committed, and returns the connection to the pool (which resets its
    // auto-commit, isolation and read-only settings).
    void close(boolean autoCommit) {
      try {
        if (!committed && !autoCommit) {
          connection.rollback();
        }
      } catch (SQLException ignored) {
        // A broken connection: the pool drops it; the first error is reported.
      }
      for (PreparedStatement ps : statements.values()) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // Closing the connection releases it anyway.
        }
      }
      try {
        connection.close();
      } catch (SQLException ignored) {
        // As above.
      }
    }
  }
}
