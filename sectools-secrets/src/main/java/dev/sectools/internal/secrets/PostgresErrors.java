package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreBusyException;
import dev.sectools.secrets.StoreUnavailableException;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * PostgreSQL's reports (by SQLSTATE) as the store's exceptions: conflicts and lock waits as
 * {@link StoreBusyException}, a server that cannot be reached or went away as
 * {@link StoreUnavailableException}. Messages name the database by its URL without parameters.
 */
final class PostgresErrors {
  static final String UNDEFINED_TABLE = "42P01";
  static final String DUPLICATE_TABLE = "42P07";
  private static final String SERIALIZATION_FAILURE = "40001";
  private static final String DEADLOCK = "40P01";
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final String TOO_MANY_CONNECTIONS = "53300";

  private final String displayUrl;
  private final Duration busyTimeout;
  private final Duration connectionTimeout;

  PostgresErrors(String displayUrl, Duration busyTimeout, Duration connectionTimeout) {
    this.displayUrl = displayUrl;
    this.busyTimeout = busyTimeout;
    this.connectionTimeout = connectionTimeout;
  }

  String displayUrl() {
    return displayUrl;
  }

  /** Whether {@code e} reports a write that lost a race with another and may simply run again. */
  static boolean isConflict(IOException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof SQLException s && (SERIALIZATION_FAILURE.equals(s.getSQLState())
          || DEADLOCK.equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  IOException translate(SQLException e, String what) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK)) {
      return new StoreBusyException(what + ": conflicted with a concurrent write", e);
    }
    if (state.equals(LOCK_NOT_AVAILABLE)) {
      return new StoreBusyException(what + ": a row stayed locked by another writer for "
          + busyTimeout.toMillis() + " ms", e);
    }
    if (state.equals(TOO_MANY_CONNECTIONS)) {
      return new StoreBusyException(what + ": the database server at " + displayUrl
          + " accepts no more connections", e);
    }
    if (isConnectionFailure(state)) {
      return unreachable(e, e);
    }
    return new IOException(what + ": " + e.getMessage() + " (SQLSTATE " + state + ")", e);
  }

  /** The pool gave no connection within the connection timeout: all in use, or none could be made. */
  IOException noConnection(SQLException e, int poolSize) {
    if (isConnectionFailure(e.getSQLState() == null ? "" : e.getSQLState())) {
      return unreachable(e, e);
    }
    return new StoreBusyException("no database connection became free within " + connectionTimeout.toMillis()
        + " ms (all " + poolSize + " of the pool in use)", e);
  }

  StoreUnavailableException unreachable(SQLException report, Throwable cause) {
    String state = report == null || report.getSQLState() == null ? "" : " (SQLSTATE " + report.getSQLState() + ")";
    return new StoreUnavailableException("the database server at " + displayUrl
        + " cannot be reached or closed the connection" + state, cause);
  }

  // Class 08: connection exception; 57P01-57P03: the server is shutting down or starting.
  private static boolean isConnectionFailure(String state) {
    return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
  }
}
