package dev.sectools.internal.secrets;

import dev.sectools.secrets.DatabaseConfig;
import dev.sectools.secrets.PostgresServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The storage contract on a real PostgreSQL server: a schema per test, each client a pool of its own. */
class PostgresStorageContractTest extends StorageContractTest {
  private static PostgresServer server;
  private DatabaseConfig db;

  @BeforeAll
  static void startServer() throws IOException {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @Override
  protected Storage createEmpty() throws Exception {
    db = server.newDatabase();
    return PostgresStorage.connect(db, Duration.ofSeconds(30));
  }

  @Override
  protected Storage openAnother() throws Exception {
    return PostgresStorage.connect(db, Duration.ofSeconds(30));
  }
}
