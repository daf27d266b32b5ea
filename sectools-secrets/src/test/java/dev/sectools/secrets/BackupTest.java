package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore through {@link SecretStore#backup} and {@link SecretStore#restore}. */
class BackupTest {
  private static final String CANARY = "canary-7f3a9c-never-in-any-message";

  @TempDir Path tmp;

  private static StoreConfig passphrase(Path dir, String passphrase) {
    return StoreConfig.builder(dir, PassphraseKeyProvider.of(passphrase.toCharArray(), Argon2Settings.OWASP_MINIMUM))
        .pathDisplay(PathDisplay.FULL).build();
  }

  private static byte[] backup(SecretStore store, BackupOptions options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BackupSummary summary = store.backup(out, options);
    assertThat(summary.bytes()).isEqualTo(out.size());
    return out.toByteArray();
  }

  @Test
  void restore_tenThousandSecretsWithHistoryAndMetadata_sameStore() throws Exception {
    Path source = tmp.resolve("source");
    Path target = tmp.resolve("target");
    byte[] bytes;
    try (SecretStore store = TestStores.create(source)) {
      Map<String, byte[]> batch = new LinkedHashMap<>();
      for (int i = 0; i < 10_000; i++) {
        batch.put("bulk/s" + i, utf8("v1-" + i));
        if (batch.size() == 1000) {
          store.putAll(batch);
          batch.clear();
        }
      }
      for (int round = 2; round <= 4; round++) {
        for (int i = 0; i < 10_000; i += 7) {
          batch.put("bulk/s" + i, utf8("v" + round + "-" + i));
        }
        store.putAll(batch);
        batch.clear();
      }
      store.delete("bulk/s7", 2);
      store.destroy("bulk/s14", 1, 3);
      store.delete("bulk/s21");
      store.rotateKeys(); // versions under two data keys
      store.put("bulk/s0", utf8("after rotation"));
      store.updateMetadata("bulk/s28", MetadataUpdate.builder().custom(Map.of("owner", "payments", "ticket", "42"))
          .maxVersions(3).checkAndSet(CheckAndSet.REQUIRED).rotation(RotationPolicy.credentials())
          .deleteVersionAfter(Duration.ofDays(30)).build());
      bytes = backup(store, BackupOptions.defaults());
      try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(bytes), TestStores.config(target,
          TestStores.PASSPHRASE), TestStores.config(source, TestStores.PASSPHRASE).keyProvider(), Progress.NONE)) {
        assertSameContent(store, restored);
        // The store's own list holds the new key's time to the nanosecond until reopened; the header, milliseconds.
        assertThat(restored.keys()).extracting(k -> k.id() + " " + k.state() + " " + k.versions() + " "
            + k.created().toEpochMilli()).isEqualTo(store.keys().stream().map(k -> k.id() + " " + k.state() + " "
            + k.versions() + " " + k.created().toEpochMilli()).toList());
        assertThat(read(restored, "bulk/s0")).isEqualTo("after rotation");
        assertThat(restored.put("bulk/s1", utf8("new"))).isEqualTo(2); // writable, versions go on
      }
    }
    try (SecretStore reopened = TestStores.open(target)) {
      assertThat(read(reopened, "bulk/s9999")).isEqualTo("v1-9999");
    }
  }

  static void assertSameContent(SecretStore expected, SecretStore actual) throws Exception {
    List<String> paths = expected.listRecursive("");
    assertThat(actual.listRecursive("")).isEqualTo(paths);
    for (String path : paths) {
      List<VersionInfo> versions = expected.versions(path);
      assertThat(actual.versions(path)).as(path).isEqualTo(versions);
      assertThat(actual.metadata(path)).as(path).isEqualTo(expected.metadata(path));
      for (VersionInfo v : versions) {
        if (v.state() == VersionState.LIVE) {
          assertThat(read(actual, path, v.version())).isEqualTo(read(expected, path, v.version()));
        }
      }
    }
  }

  @Test
  void restore_targetWithOtherPassphrase_opensWithTheNewOneOnly() throws Exception {
    byte[] bytes;
    try (SecretStore store = SecretStore.create(passphrase(tmp.resolve("a"), "old passphrase"))) {
      store.put("app/db", utf8("hunter2"));
      bytes = backup(store, BackupOptions.defaults());
    }
    Path target = tmp.resolve("b");
    try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(bytes),
        passphrase(target, "new passphrase"), passphrase(target, "old passphrase").keyProvider(), Progress.NONE)) {
      assertThat(read(restored, "app/db")).isEqualTo("hunter2");
    }
    assertThatThrownBy(() -> SecretStore.open(passphrase(target, "old passphrase")))
        .isInstanceOf(StoreAccessDeniedException.class);
    try (SecretStore reopened = SecretStore.open(passphrase(target, "new passphrase"))) {
      assertThat(read(reopened, "app/db")).isEqualTo("hunter2");
    }
  }

  @Test
  void restore_targetWithAnotherProviderKind_keysetsRewrapped() throws Exception {
    byte[] bytes;
    try (SecretStore store = TestStores.create(tmp.resolve("a"))) {
      store.put("app/db", utf8("hunter2"));
      bytes = backup(store, BackupOptions.defaults());
    }
    StoreConfig fixed = StoreConfig.builder(tmp.resolve("b"), new FixedKeyProvider("machine key")).build();
    try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(bytes), fixed,
        TestStores.config(tmp.resolve("a"), TestStores.PASSPHRASE).keyProvider(), Progress.NONE)) {
      assertThat(read(restored, "app/db")).isEqualTo("hunter2");
    }
    try (SecretStore reopened = SecretStore.open(fixed)) {
      assertThat(read(reopened, "app/db")).isEqualTo("hunter2");
    }
  }

  @Test
  void restore_separateBackupPassphrase_onlyThatPassphraseUnlocks() throws Exception {
    byte[] bytes;
    try (SecretStore store = TestStores.create(tmp.resolve("a"));
         PassphraseKeyProvider backupKey = PassphraseKeyProvider.of("backup passphrase".toCharArray(),
             Argon2Settings.OWASP_MINIMUM)) {
      store.put("app/db", utf8("hunter2"));
      bytes = backup(store, BackupOptions.builder().backupKey(backupKey).build());
    }
    Path target = tmp.resolve("b");
    // The store's own passphrase does not open a backup under a separate one.
    assertThatThrownBy(() -> SecretStore.restore(new ByteArrayInputStream(bytes), TestStores.config(target,
        TestStores.PASSPHRASE), TestStores.config(target, TestStores.PASSPHRASE).keyProvider(), Progress.NONE))
        .isInstanceOf(StoreAccessDeniedException.class)
        .hasMessage("cannot unlock the backup: wrong key or passphrase");
    assertThat(target).doesNotExist();
    try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(bytes),
        TestStores.config(target, TestStores.PASSPHRASE),
        PassphraseKeyProvider.of("backup passphrase".toCharArray()), Progress.NONE)) {
      assertThat(read(restored, "app/db")).isEqualTo("hunter2");
    }
  }

  @Test
  void restore_backupKeyOfAnotherKind_accessDeniedNamingTheKinds() throws Exception {
    byte[] bytes;
    try (SecretStore store = TestStores.create(tmp.resolve("a"))) {
      store.put("app/db", utf8("hunter2"));
      bytes = backup(store, BackupOptions.defaults());
    }
    Path target = tmp.resolve("b");
    assertThatThrownBy(() -> SecretStore.restore(new ByteArrayInputStream(bytes), TestStores.config(target,
        TestStores.PASSPHRASE), new FixedKeyProvider("x"), Progress.NONE))
        .isInstanceOf(StoreAccessDeniedException.class).hasMessageContaining("'passphrase', not 'test-fixed'");
    assertThat(target).doesNotExist();
  }

  @Test
  void restore_existingStore_refusedAndUntouched() throws Exception {
    byte[] bytes;
    try (SecretStore store = TestStores.create(tmp.resolve("a"))) {
      store.put("app/db", utf8("from backup"));
      bytes = backup(store, BackupOptions.defaults());
    }
    Path target = tmp.resolve("b");
    try (SecretStore existing = TestStores.create(target)) {
      existing.put("app/db", utf8("already here"));
    }
    byte[] before = Files.readAllBytes(target.resolve("store.db"));
    assertThatThrownBy(() -> SecretStore.restore(new ByteArrayInputStream(bytes), TestStores.config(target,
        TestStores.PASSPHRASE), TestStores.config(target, TestStores.PASSPHRASE).keyProvider(), Progress.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readAllBytes(target.resolve("store.db"))).isEqualTo(before);
    try (Stream<Path> files = Files.list(target)) {
      assertThat(files.map(p -> p.getFileName().toString())).allMatch(n -> n.startsWith("store.db"));
    }
    try (SecretStore existing = TestStores.open(target)) {
      assertThat(read(existing, "app/db")).isEqualTo("already here");
    }
  }

  @Test
  void restore_notABackup_backupFormatException() throws Exception {
    Path target = tmp.resolve("b");
    StoreConfig config = TestStores.config(target, TestStores.PASSPHRASE);
    for (byte[] input : new byte[][] {new byte[0], utf8("SQLite format 3\0 and more"), utf8("SECTBK")}) {
      assertThatThrownBy(() -> SecretStore.restore(new ByteArrayInputStream(input), config, config.keyProvider(),
          Progress.NONE)).isInstanceOf(BackupFormatException.class).hasMessage("not a sectools backup");
      assertThat(target).doesNotExist();
    }
  }

  @Test
  void backup_progress_reportsVersionsUpToTheTotal() throws Exception {
    try (SecretStore store = TestStores.create(tmp.resolve("a"))) {
      Map<String, byte[]> batch = new LinkedHashMap<>();
      for (int i = 0; i < 2500; i++) {
        batch.put("bulk/s" + i, utf8("v" + i));
      }
      store.putAll(batch);
      List<long[]> reports = new ArrayList<>();
      byte[] bytes = backup(store, BackupOptions.builder().progress((d, t) -> reports.add(new long[] {d, t})).build());
      assertThat(reports).extracting(r -> r[0]).containsExactly(1000L, 2000L, 2500L);
      assertThat(reports).allMatch(r -> r[1] == 2500);
      List<long[]> restored = new ArrayList<>();
      StoreConfig target = TestStores.config(tmp.resolve("b"), TestStores.PASSPHRASE);
      SecretStore.restore(new ByteArrayInputStream(bytes), target, target.keyProvider(),
          (d, t) -> restored.add(new long[] {d, t})).close();
      assertThat(restored).extracting(r -> r[0]).containsExactly(1000L, 2000L, 2500L);
    }
  }

  @Test
  void backup_canaryValueAndPath_neverInTheBackupOrAnyMessage() throws Exception {
    byte[] bytes;
    try (SecretStore store = TestStores.create(tmp.resolve("a"))) {
      store.put("canary/" + CANARY, utf8(CANARY));
      store.updateMetadata("canary/" + CANARY, MetadataUpdate.builder().custom(Map.of("note", CANARY)).build());
      bytes = backup(store, BackupOptions.defaults());
    }
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(CANARY);
    List<Throwable> failures = new ArrayList<>();
    StoreConfig target = TestStores.config(tmp.resolve("b"), TestStores.PASSPHRASE);
    for (int offset : new int[] {3, 40, 100, bytes.length / 2, bytes.length - 5}) {
      byte[] bad = bytes.clone();
      bad[offset] ^= 0x20;
      failures.add(catchRestore(bad, target));
      failures.add(catchRestore(java.util.Arrays.copyOf(bytes, offset), target));
    }
    failures.add(catchRestore(bytes, TestStores.config(tmp.resolve("b"), "wrong".toCharArray())));
    for (Throwable t : failures) {
      assertThat(t).isNotNull();
      for (Throwable c = t; c != null; c = c.getCause()) {
        assertThat(String.valueOf(c.getMessage())).doesNotContain(CANARY);
        assertThat(c.toString()).doesNotContain(CANARY);
      }
    }
  }

  private static Throwable catchRestore(byte[] bytes, StoreConfig target) {
    try {
      SecretStore.restore(new ByteArrayInputStream(bytes), target, target.keyProvider(), Progress.NONE).close();
      return null;
    } catch (Exception e) {
      return e;
    }
  }
}
