package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SecretStore#migrate}: SQLite to PostgreSQL and back, without decrypting, all or nothing. */
class PostgresMigrationTest {
  private static PostgresServer server;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws IOException {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  private StoreConfig sqlite(String name) {
    return SqliteStoreBackendTest.builder(tmp.resolve(name)).build();
  }

  private StoreConfig postgres(String host, DatabaseConfig db) {
    return SqliteStoreBackendTest.builder(tmp.resolve(host)).database(db).build();
  }

  private static void fill(StoreConfig config, int secrets) throws Exception {
    try (SecretStore store = SecretStore.create(config)) {
      for (String value : new String[] {"one-", "two-"}) {
        java.util.Map<String, byte[]> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < secrets; i++) {
          values.put("app/key-" + i, utf8(value + i));
        }
        store.putAll(values); // one transaction
      }
      store.delete("app/key-0", 1);
      store.destroy("app/key-1", 1);
      store.updateMetadata("app/key-2", MetadataUpdate.builder().checkAndSet(CheckAndSet.REQUIRED).build());
      store.rotateKeys();
      store.put("app/key-3", utf8("three"));
    }
  }

  @Test
  void migrate_sqliteToPostgresAndBack_copiesEveryRowAndOpensWithTheSameKey() throws Exception {
    StoreConfig source = sqlite("source");
    fill(source, 50);
    StoreConfig shared = postgres("host-a", server.newDatabase());
    MigrationSummary there = SecretStore.migrate(source, shared, Progress.NONE);
    assertThat(there.secrets()).isEqualTo(50);
    assertThat(there.versions()).isEqualTo(101);
    try (SecretStore store = SecretStore.open(shared)) {
      assertThat(read(store, "app/key-3")).isEqualTo("three");
      assertThat(read(store, "app/key-49", 1)).isEqualTo("one-49");
      assertThat(store.versions("app/key-1").getFirst().state()).isEqualTo(VersionState.DESTROYED);
      assertThat(store.metadata("app/key-2").checkAndSet()).isEqualTo(CheckAndSet.REQUIRED);
      assertThat(store.keys()).hasSize(2);
      store.put("app/new", utf8("written on postgres"));
    }
    StoreConfig back = sqlite("back");
    assertThat(SecretStore.migrate(shared, back, Progress.NONE).secrets()).isEqualTo(51);
    try (SecretStore store = SecretStore.open(back)) {
      assertThat(read(store, "app/new")).isEqualTo("written on postgres");
      assertThat(store.versions("app/key-0").getFirst().state()).isEqualTo(VersionState.DELETED);
    }
  }

  @Test
  void migrate_interruptedIntoPostgres_leavesSourceIntactAndTargetEmptyThenResumes() throws Exception {
    StoreConfig source = sqlite("source");
    fill(source, 1200);
    DatabaseConfig db = server.newDatabase();
    StoreConfig target = postgres("host-a", db);
    assertThatThrownBy(() -> SecretStore.migrate(source, target, (done, total) -> {
      throw new IllegalStateException("interrupted at " + done);
    })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecretStore.open(target)).isInstanceOf(NoSuchFileException.class);
    assertThat(SecretStore.migrate(source, target, Progress.NONE).versions()).isEqualTo(2401);
    try (SecretStore a = SecretStore.open(source); SecretStore b = SecretStore.open(target)) {
      assertThat(read(a, "app/key-1199")).isEqualTo(read(b, "app/key-1199"));
    }
  }

  @Test
  void migrate_interruptedIntoSqlite_leavesNoStore() throws Exception {
    StoreConfig source = postgres("host-a", server.newDatabase());
    fill(source, 1200);
    StoreConfig target = sqlite("target");
    assertThatThrownBy(() -> SecretStore.migrate(source, target, (done, total) -> {
      throw new IllegalStateException("interrupted at " + done);
    })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SecretStore.open(target)).isInstanceOf(NoSuchFileException.class);
    assertThat(SecretStore.migrate(source, target, Progress.NONE).secrets()).isEqualTo(1200);
  }

  @Test
  void migrate_targetHoldsAStore_refusesAndTouchesNeither() throws Exception {
    StoreConfig source = sqlite("source");
    fill(source, 3);
    StoreConfig target = postgres("host-a", server.newDatabase());
    try (SecretStore store = SecretStore.create(target)) {
      store.put("app/theirs", utf8("kept"));
    }
    assertThatThrownBy(() -> SecretStore.migrate(source, target, Progress.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (SecretStore store = SecretStore.open(target)) {
      assertThat(store.listRecursive("")).containsExactly("app/theirs");
    }
  }

  @Test
  void migrate_noSource_throwsNoSuchFile() {
    assertThatThrownBy(() -> SecretStore.migrate(sqlite("none"), sqlite("target"), Progress.NONE))
        .isInstanceOf(NoSuchFileException.class);
  }
}
