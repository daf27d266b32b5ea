package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.memory.SecureBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("store");
  }

  @Test
  void create_newDirectory_isPrivateAndReopens() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/db-password", utf8("hunter2"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir().resolve("store.db"))))
        .isEqualTo("rw-------");
    try (SecretStore store = TestStores.open(dir())) {
      assertThat(read(store, "app/db-password")).isEqualTo("hunter2");
    }
  }

  @Test
  void create_whereStoreExists_refusesAndKeepsIt() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/key", utf8("v1"));
    }
    assertThatThrownBy(() -> TestStores.create(dir())).isInstanceOf(FileAlreadyExistsException.class);
    try (SecretStore store = TestStores.open(dir())) {
      assertThat(read(store, "app/key")).isEqualTo("v1");
    }
  }

  @Test
  void open_noStore_throwsNoSuchFile() {
    assertThatThrownBy(() -> TestStores.open(dir())).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void put_eachWrite_addsAVersionAndOldOnesStayReadable() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      assertThat(store.put("app/key", utf8("one"))).isEqualTo(1);
      assertThat(store.put("app/key", utf8("two"))).isEqualTo(2);
      assertThat(read(store, "app/key")).isEqualTo("two");
      assertThat(read(store, "app/key", 1)).isEqualTo("one");
      assertThat(store.versions("app/key")).extracting(VersionInfo::version, VersionInfo::state)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, VersionState.LIVE),
              org.assertj.core.groups.Tuple.tuple(2L, VersionState.LIVE));
    }
  }

  @Test
  void put_secureBuffer_storesItsContent() throws Exception {
    try (SecretStore store = TestStores.create(dir()); SecureBuffer value = SecureBuffer.copyOf(utf8("buffered"))) {
      store.put("app/key", value);
      assertThat(read(store, "app/key")).isEqualTo("buffered");
    }
  }

  @Test
  void put_checkAndSet_writesOnlyOnTheExpectedVersion() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      assertThat(store.put("app/counter", utf8("0"), 0)).isEqualTo(1);
      assertThatThrownBy(() -> store.put("app/counter", utf8("x"), 0))
          .isInstanceOfSatisfying(VersionConflictException.class, e -> {
            assertThat(e.expectedVersion()).isZero();
            assertThat(e.currentVersion()).isEqualTo(1);
          });
      assertThat(store.put("app/counter", utf8("1"), 1)).isEqualTo(2);
      assertThatThrownBy(() -> store.put("app/counter", utf8("x"), 1)).isInstanceOf(VersionConflictException.class);
      assertThat(read(store, "app/counter")).isEqualTo("1");
      assertThat(store.versions("app/counter")).hasSize(2);
    }
  }

  @Test
  void delete_undelete_destroy_followKvV2Semantics() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/key", utf8("one"));
      store.put("app/key", utf8("two"));
      store.delete("app/key");
      assertThatThrownBy(() -> store.get("app/key")).isInstanceOf(SecretNotFoundException.class)
          .hasMessageContaining("deleted");
      assertThat(read(store, "app/key", 1)).isEqualTo("one");
      store.undelete("app/key", 2);
      assertThat(read(store, "app/key")).isEqualTo("two");
      store.destroy("app/key", 1);
      assertThatThrownBy(() -> store.get("app/key", 1)).hasMessageContaining("destroyed");
      store.undelete("app/key", 1);
      assertThat(store.versions("app/key")).extracting(VersionInfo::state)
          .containsExactly(VersionState.DESTROYED, VersionState.LIVE);
    }
  }

  @Test
  void deleteAll_removesEverything() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/key", utf8("one"));
      store.deleteAll("app/key");
      assertThatThrownBy(() -> store.versions("app/key")).isInstanceOf(SecretNotFoundException.class);
      assertThatThrownBy(() -> store.deleteAll("app/key")).isInstanceOf(SecretNotFoundException.class);
      assertThat(store.put("app/key", utf8("again"))).isEqualTo(1);
    }
  }

  @Test
  void rollback_writesOldValueAsNewVersion() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/key", utf8("good"));
      store.put("app/key", utf8("bad"));
      assertThat(store.rollback("app/key", 1)).isEqualTo(3);
      assertThat(read(store, "app/key")).isEqualTo("good");
      store.destroy("app/key", 2);
      assertThatThrownBy(() -> store.rollback("app/key", 2)).isInstanceOf(SecretNotFoundException.class);
    }
  }

  @Test
  void put_beyondMaxVersions_prunesTheOldest() throws Exception {
    StoreConfig config = StoreConfig.builder(dir(), TestStores.config(dir(), TestStores.PASSPHRASE).keyProvider())
        .defaultMaxVersions(3).build();
    try (SecretStore store = SecretStore.create(config)) {
      for (int i = 1; i <= 5; i++) {
        store.put("app/key", utf8("v" + i));
      }
      assertThat(store.versions("app/key")).extracting(VersionInfo::version).containsExactly(3L, 4L, 5L);
      assertThatThrownBy(() -> store.get("app/key", 1)).isInstanceOf(SecretNotFoundException.class);
    }
  }

  @Test
  void list_showsNextLevelAndRecursiveShowsAll() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      for (String p : List.of("app/db/password", "app/db/user", "app/api-key", "ops/token")) {
        store.put(p, utf8("x"));
      }
      assertThat(store.list("")).containsExactly("app/", "ops/");
      assertThat(store.list("app/")).containsExactly("api-key", "db/");
      assertThat(store.listRecursive("app/")).containsExactly("app/api-key", "app/db/password", "app/db/user");
      assertThat(store.list("nothing/")).isEmpty();
      assertThatThrownBy(() -> store.list("app")).isInstanceOf(InvalidSecretPathException.class);
    }
  }

  @Test
  void anyOperation_invalidPath_throwsInvalidSecretPath() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      for (String bad : List.of("", "single", "a//b", "/a/b", "a/b/", "a/../b", "a/./b", "a/b\n", "a/\u0000b",
          "a/" + "x".repeat(600), "a/" + "y".repeat(129))) {
        assertThatThrownBy(() -> store.put(bad, utf8("v"))).as(bad).isInstanceOf(InvalidSecretPathException.class);
      }
      assertThat(store.listRecursive("")).isEmpty();
    }
  }

  @Test
  void get_missingSecretOrVersion_throwsNotFound() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      assertThatThrownBy(() -> store.get("app/none")).isInstanceOf(SecretNotFoundException.class);
      store.put("app/key", utf8("v"));
      assertThatThrownBy(() -> store.get("app/key", 7)).isInstanceOf(SecretNotFoundException.class);
    }
  }

  @Test
  void putAll_manySecrets_writesThemAllInOneTransaction() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/b", utf8("old"));
      java.util.Map<String, byte[]> batch = new java.util.LinkedHashMap<>();
      batch.put("app/a", utf8("alpha"));
      batch.put("app/b", utf8("bravo"));
      assertThat(store.putAll(batch)).containsExactly(java.util.Map.entry("app/a", 1L), java.util.Map.entry("app/b", 2L));
      assertThat(read(store, "app/a")).isEqualTo("alpha");
      assertThat(read(store, "app/b")).isEqualTo("bravo");
    }
  }

  @Test
  void putAll_oneSecretRequiresCheckAndSet_writesNothing() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/locked", utf8("v1"));
      store.updateMetadata("app/locked", MetadataUpdate.builder().checkAndSet(CheckAndSet.REQUIRED).build());
      java.util.Map<String, byte[]> batch = new java.util.LinkedHashMap<>();
      batch.put("app/new", utf8("n"));
      batch.put("app/locked", utf8("v2"));
      assertThatThrownBy(() -> store.putAll(batch)).isInstanceOf(VersionConflictException.class);
      assertThatThrownBy(() -> store.get("app/new")).isInstanceOf(SecretNotFoundException.class);
      assertThat(read(store, "app/locked")).isEqualTo("v1");
      assertThatThrownBy(() -> store.putAll(java.util.Map.of("bad", utf8("x")))).isInstanceOf(InvalidSecretPathException.class);
    }
  }

  @Test
  void get_afterWriteThroughAnotherHandle_seesTheNewVersion() throws Exception {
    try (SecretStore reader = TestStores.create(dir()); SecretStore writer = TestStores.open(dir())) {
      reader.put("app/key", utf8("one"));
      assertThat(read(reader, "app/key")).isEqualTo("one");
      writer.put("app/key", utf8("two"));
      assertThat(read(reader, "app/key")).isEqualTo("two");
      writer.delete("app/key");
      assertThatThrownBy(() -> reader.get("app/key")).isInstanceOf(SecretNotFoundException.class);
      writer.undelete("app/key");
      assertThat(read(reader, "app/key")).isEqualTo("two");
      writer.destroy("app/key", 2);
      assertThatThrownBy(() -> reader.get("app/key")).isInstanceOf(SecretNotFoundException.class);
      assertThat(read(reader, "app/key", 1)).isEqualTo("one");
      writer.deleteAll("app/key");
      assertThatThrownBy(() -> reader.get("app/key", 1)).isInstanceOf(SecretNotFoundException.class);
    }
  }

  @Test
  void get_afterOwnDeleteAndRollback_seesEachChange() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/key", utf8("one"));
      store.put("app/key", utf8("two"));
      assertThat(read(store, "app/key")).isEqualTo("two");
      store.delete("app/key");
      assertThatThrownBy(() -> store.get("app/key")).isInstanceOf(SecretNotFoundException.class);
      store.rollback("app/key", 1);
      assertThat(read(store, "app/key")).isEqualTo("one");
      store.destroy("app/key", 1);
      assertThatThrownBy(() -> store.get("app/key", 1)).isInstanceOf(SecretNotFoundException.class);
    }
  }
}
