package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreFormatException;
import dev.sectools.secrets.VersionState;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The row operations of the storage SPI in SQL that SQLite and PostgreSQL both run unchanged,
 * over the tables every backend creates. A backend supplies connections and transactions
 * ({@link #prepare}), its error reports ({@link #translate}) and its schema.
 */
abstract class JdbcStorage implements Storage {
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
  private static final int SCAN_FETCH_ROWS = 256;

  /**
   * {@code sql} prepared on the current transaction's connection with {@code args} bound; the
   * backend owns the statement and closes it.
   */
  protected abstract PreparedStatement prepare(String sql, Object... args) throws SQLException;

  /** The backend's report of {@code e}, which happened while doing {@code what}, as an exception of ours. */
  protected abstract IOException translate(SQLException e, String what);

  /** Told when a ciphertext was erased or replaced, for {@link #purgeErased()}. */
  protected void erased() {}

  /** Whether {@code e} says the store's tables do not exist. */
  protected abstract boolean noSuchTable(SQLException e);

  @Override
  public void scan(RowSink sink) throws IOException, GeneralSecurityException {
    // A cursor: rows are fetched as they are read, never all held.
    try {
      PreparedStatement ps = prepare(SCAN);
      ps.setFetchSize(SCAN_FETCH_ROWS);
      try (ResultSet rs = ps.executeQuery()) {
        byte[] last = null;
        while (rs.next()) {
          byte[] pathId = rs.getBytes(1);
          if (last == null || !Arrays.equals(last, pathId)) {
            sink.secret(secretRow(rs));
            last = pathId;
          }
          rs.getLong(11);
          if (!rs.wasNull()) {
            sink.version(versionRow(rs, 11));
          }
        }
      }
    } catch (SQLException e) {
      throw translate(e, "reading the store for a backup");
    }
  }

  @Override
  public long[] counts() throws IOException {
    try (ResultSet rs = prepare("SELECT (SELECT COUNT(*) FROM secrets), (SELECT COUNT(*) FROM versions)")
        .executeQuery()) {
      return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
    } catch (SQLException e) {
      throw translate(e, "counting secrets");
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
      if (noSuchTable(e)) {
        throw new StoreFormatException("not a sectools store (no store header)", e);
      }
      throw translate(e, "reading the store header");
    }
    return header;
  }

  @Override
  public byte[] headerValue(String name) throws IOException {
    try (ResultSet rs = prepare("SELECT value FROM store_header WHERE name = ?", name).executeQuery()) {
      return rs.next() ? rs.getBytes(1) : null;
    } catch (SQLException e) {
      throw translate(e, "reading the store header");
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
      throw translate(e, "reading a secret");
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
      throw translate(e, "reading secrets");
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
    erased();
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
      throw translate(e, "reading versions");
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
    erased();
  }

  @Override
  public void deleteVersion(byte[] pathId, long version) throws IOException {
    update("DELETE FROM versions WHERE path_id = ? AND version = ?", pathId, version);
    erased();
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
      throw translate(e, "counting versions per key");
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
      throw translate(e, "finding versions to re-encrypt");
    }
  }

  @Override
  public void reencrypted(byte[] pathId, long version, long keyId, byte[] ciphertext) throws IOException {
    update("UPDATE versions SET key_id = ?, value_ct = ? WHERE path_id = ? AND version = ?",
        keyId, ciphertext, pathId, version);
    erased();
  }

  /** Runs one statement that changes rows. */
  protected final void update(String sql, Object... args) throws IOException {
    try {
      prepare(sql, args).executeUpdate();
    } catch (SQLException e) {
      throw translate(e, "writing the store");
    }
  }
}
