package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's promises on a real PostgreSQL server: each store a schema of its own, each client
 * (host) a directory of its own for its audit log.
 */
class PostgresStoreBackendTest extends StoreBackendTest {
  private static PostgresServer server;

  @BeforeAll
  static void startServer() throws IOException {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @Override
  protected StoreConfig.Builder newStore(Path local) throws IOException {
    return SqliteStoreBackendTest.builder(local).database(server.newDatabase());
  }

  @Override
  protected StoreConfig.Builder sameStore(StoreConfig first, Path local) {
    return SqliteStoreBackendTest.builder(local).database(first.database().orElseThrow());
  }

  @Test
  void backupThenRestore_betweenBackends_keepsEveryValue() throws Exception {
    StoreConfig postgres = newStore(tmp.resolve("pg-host")).build();
    ByteArrayOutputStream fromPostgres = new ByteArrayOutputStream();
    try (SecretStore store = SecretStore.create(postgres)) {
      store.put("app/key", utf8("one"));
      store.put("app/key", utf8("two"));
      store.backup(fromPostgres, BackupOptions.defaults());
    }
    StoreConfig sqlite = SqliteStoreBackendTest.builder(tmp.resolve("sqlite")).build();
    ByteArrayOutputStream fromSqlite = new ByteArrayOutputStream();
    try (SecretStore store = SecretStore.restore(new ByteArrayInputStream(fromPostgres.toByteArray()), sqlite,
        postgres.keyProvider(), Progress.NONE)) {
      assertThat(read(store, "app/key", 1)).isEqualTo("one");
      store.put("app/key", utf8("three"));
      store.backup(fromSqlite, BackupOptions.defaults());
    }
    StoreConfig back = newStore(tmp.resolve("pg-host-2")).build();
    try (SecretStore store = SecretStore.restore(new ByteArrayInputStream(fromSqlite.toByteArray()), back,
        sqlite.keyProvider(), Progress.NONE)) {
      assertThat(read(store, "app/key")).isEqualTo("three");
      assertThat(store.versions("app/key")).hasSize(3);
    }
  }

  @Test
  void toString_ofConfigWithPasswordFile_showsWhereNotWhat() throws Exception {
    Path file = tmp.resolve("db-password");
    java.nio.file.Files.writeString(file, "s3cret-pw\n");
    DatabaseConfig db = DatabaseConfig.postgres(server.newSchemaUrl()).user("postgres").passwordFile(file).build();
    StoreConfig config = newStore(tmp.resolve("pw-host")).database(db).build();
    assertThat(config.toString()).doesNotContain("s3cret-pw").doesNotContain("currentSchema").contains("db-password");
    try (SecretStore store = SecretStore.create(config)) { // the server trusts loopback: any password is let in
      store.put("app/key", utf8("v"));
    }
    assertThat(db.readPassword().orElseThrow()).containsExactly("s3cret-pw".toCharArray());
  }
}
