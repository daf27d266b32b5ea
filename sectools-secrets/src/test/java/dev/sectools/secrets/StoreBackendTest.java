package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.audit.AuditConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@link SecretStore} promises whatever its storage backend: one subclass per backend.
 * "Two clients" are two opened stores with directories of their own, as two hosts would have.
 */
abstract class StoreBackendTest {
  private static final int THREADS_PER_CLIENT = 4;
  private static final int INCREMENTS = 25;

  @TempDir Path tmp;
  private int dirs;

  /** A configuration for a new store, with {@code local} as its directory. */
  protected abstract StoreConfig.Builder newStore(Path local) throws Exception;

  /** A configuration for the store {@code first} names, as another host, with {@code local} as its directory. */
  protected abstract StoreConfig.Builder sameStore(StoreConfig first, Path local) throws Exception;

  private Path local() {
    return tmp.resolve("host-" + ++dirs);
  }

  private StoreConfig create() throws Exception {
    StoreConfig config = newStore(local()).build();
    SecretStore.create(config).close();
    return config;
  }

  @Test
  void create_thenOpenAsSecondClient_readsWhatTheFirstWrote() throws Exception {
    StoreConfig first = newStore(local()).build();
    try (SecretStore a = SecretStore.create(first);
        SecretStore b = SecretStore.open(sameStore(first, local()).build())) {
      a.put("app/db-password", utf8("hunter2"));
      assertThat(read(b, "app/db-password")).isEqualTo("hunter2");
      b.put("app/db-password", utf8("hunter3"));
      assertThat(read(a, "app/db-password")).isEqualTo("hunter3");
      assertThat(read(a, "app/db-password", 1)).isEqualTo("hunter2");
      assertThat(a.list("app/")).containsExactly("db-password");
    }
  }

  @Test
  void create_whereStoreExists_refusesAndKeepsIt() throws Exception {
    StoreConfig config = create();
    try (SecretStore store = SecretStore.open(config)) {
      store.put("app/key", utf8("v1"));
    }
    assertThatThrownBy(() -> SecretStore.create(sameStore(config, local()).build()))
        .isInstanceOf(FileAlreadyExistsException.class);
    try (SecretStore store = SecretStore.open(config)) {
      assertThat(read(store, "app/key")).isEqualTo("v1");
    }
  }

  @Test
  void open_noStore_throwsNoSuchFile() {
    assertThatThrownBy(() -> SecretStore.open(newStore(local()).build())).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void put_staleExpectedVersion_conflictsAndWritesNothing() throws Exception {
    StoreConfig config = create();
    try (SecretStore a = SecretStore.open(config); SecretStore b = SecretStore.open(sameStore(config, local()).build())) {
      assertThat(a.put("app/key", utf8("one"), 0)).isEqualTo(1);
      assertThat(b.put("app/key", utf8("two"), 1)).isEqualTo(2);
      assertThatThrownBy(() -> a.put("app/key", utf8("lost"), 1)).isInstanceOf(VersionConflictException.class);
      assertThat(read(a, "app/key")).isEqualTo("two");
    }
  }

  @Test
  void deleteUndeleteDestroy_versions_followTheirStates() throws Exception {
    try (SecretStore store = SecretStore.open(create())) {
      store.put("app/key", utf8("one"));
      store.put("app/key", utf8("two"));
      store.delete("app/key");
      assertThatThrownBy(() -> read(store, "app/key")).isInstanceOf(SecretNotFoundException.class);
      store.undelete("app/key");
      assertThat(read(store, "app/key")).isEqualTo("two");
      store.destroy("app/key", 1);
      assertThat(store.versions("app/key")).extracting(VersionInfo::state)
          .containsExactly(VersionState.DESTROYED, VersionState.LIVE);
      store.deleteAll("app/key");
      assertThat(store.list("")).isEmpty();
    }
  }

  @Test
  void updateMetadata_byOneClient_isSeenByTheOther() throws Exception {
    StoreConfig config = create();
    try (SecretStore a = SecretStore.open(config); SecretStore b = SecretStore.open(sameStore(config, local()).build())) {
      a.put("app/key", utf8("one"));
      a.updateMetadata("app/key", MetadataUpdate.builder().checkAndSet(CheckAndSet.REQUIRED).maxVersions(2).build());
      assertThat(b.metadata("app/key").checkAndSet()).isEqualTo(CheckAndSet.REQUIRED);
      assertThatThrownBy(() -> b.put("app/key", utf8("two"))).isInstanceOf(VersionConflictException.class);
      b.put("app/key", utf8("two"), 1);
      b.put("app/key", utf8("three"), 2);
      assertThat(a.versions("app/key")).extracting(VersionInfo::version).containsExactly(2L, 3L);
      assertThat(a.status().secrets()).isEqualTo(1);
    }
  }

  @Test
  void rotateKeys_byOneClient_otherReadsAndWritesUnderTheNewKey() throws Exception {
    StoreConfig config = create();
    try (SecretStore a = SecretStore.open(config); SecretStore b = SecretStore.open(sameStore(config, local()).build())) {
      a.put("app/old", utf8("before"));
      long oldKey = a.keys().getFirst().id();
      long newKey = a.rotateKeys();
      b.put("app/new", utf8("after"));
      assertThat(a.versions("app/new").getFirst().keyId()).isEqualTo(newKey);
      assertThat(read(a, "app/new")).isEqualTo("after");
      assertThat(b.reencrypt(ReencryptProgress.NONE)).isEqualTo(1);
      a.disableKey(oldKey);
      assertThat(read(b, "app/old")).isEqualTo("before");
      assertThat(b.keys()).extracting(DataKeyInfo::state).containsExactly(KeyState.DISABLED, KeyState.PRIMARY);
    }
  }

  @Test
  void backupThenRestore_intoANewStore_keepsEveryVersion() throws Exception {
    ByteArrayOutputStream backup = new ByteArrayOutputStream();
    StoreConfig source = create();
    try (SecretStore store = SecretStore.open(source)) {
      store.put("app/key", utf8("one"));
      store.put("app/key", utf8("two"));
      store.put("team/other", utf8("x"));
      store.backup(backup, BackupOptions.defaults());
    }
    StoreConfig target = newStore(local()).build();
    try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(backup.toByteArray()), target,
        source.keyProvider(), Progress.NONE)) {
      assertThat(read(restored, "app/key", 1)).isEqualTo("one");
      assertThat(read(restored, "app/key")).isEqualTo("two");
      assertThat(restored.listRecursive("")).containsExactly("app/key", "team/other");
    }
    assertThatThrownBy(() -> SecretStore.restore(new ByteArrayInputStream(backup.toByteArray()), target,
        source.keyProvider(), Progress.NONE)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void restore_truncatedBackup_leavesNoStore() throws Exception {
    ByteArrayOutputStream backup = new ByteArrayOutputStream();
    StoreConfig source = create();
    try (SecretStore store = SecretStore.open(source)) {
      for (int i = 0; i < 20; i++) {
        store.put("app/key" + i, utf8("v" + i));
      }
      store.backup(backup, BackupOptions.defaults());
    }
    byte[] cut = java.util.Arrays.copyOf(backup.toByteArray(), backup.size() - 40);
    StoreConfig target = newStore(local()).build();
    assertThatThrownBy(() -> SecretStore.restore(new ByteArrayInputStream(cut), target, source.keyProvider(),
        Progress.NONE)).isInstanceOf(IntegrityException.class);
    assertThatThrownBy(() -> SecretStore.open(target)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void auditLog_ofEachClient_isALocalFileThatVerifies() throws Exception {
    StoreConfig first = newStore(local()).audit(AuditConfig.inStoreDirectory().build()).build();
    SecretStore.create(first).close();
    StoreConfig second = sameStore(first, local()).audit(AuditConfig.inStoreDirectory().build()).build();
    try (SecretStore a = SecretStore.open(first); SecretStore b = SecretStore.open(second)) {
      a.put("app/key", utf8("one"));
      b.put("app/key", utf8("two"));
      assertThat(a.verifyAudit().intact()).isTrue();
      assertThat(b.verifyAudit().intact()).isTrue();
    }
    assertThat(first.directory().resolve(AuditConfig.DEFAULT_FILE_NAME)).exists();
    assertThat(second.directory().resolve(AuditConfig.DEFAULT_FILE_NAME)).exists();
  }

  @Test
  void put_checkAndSetFromThreadsOfTwoClients_countsExactly() throws Exception {
    StoreConfig config = create();
    try (SecretStore a = SecretStore.open(config); SecretStore b = SecretStore.open(sameStore(config, local()).build())) {
      a.put("app/counter", utf8("0"), 0);
      ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_CLIENT);
      try {
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < 2 * THREADS_PER_CLIENT; t++) {
          SecretStore client = t % 2 == 0 ? a : b;
          done.add(pool.submit(() -> CasIncrementer.increment(client, "app/counter", INCREMENTS)));
        }
        for (Future<Integer> f : done) {
          f.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(read(b, "app/counter")).isEqualTo(Integer.toString(2 * THREADS_PER_CLIENT * INCREMENTS));
    }
  }
}
