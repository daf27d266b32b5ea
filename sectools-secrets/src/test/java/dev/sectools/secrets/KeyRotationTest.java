package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data-key rotation: new primary, re-encryption in batches, retiring keys, several openers. */
class KeyRotationTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("store");
  }

  @Test
  void rotateKeys_newVersionsUseNewKeyAndOldStayReadable() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("before"));
      long oldKey = store.keys().getFirst().id();
      long newKey = store.rotateKeys();
      assertThat(newKey).isNotEqualTo(oldKey);
      store.put("app/a", utf8("after"));
      assertThat(store.versions("app/a")).extracting(VersionInfo::keyId).containsExactly(oldKey, newKey);
      assertThat(read(store, "app/a", 1)).isEqualTo("before");
      assertThat(store.keys()).extracting(DataKeyInfo::id, DataKeyInfo::state, DataKeyInfo::versions)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(oldKey, KeyState.ENABLED, 1L),
              org.assertj.core.groups.Tuple.tuple(newKey, KeyState.PRIMARY, 1L));
    }
  }

  @Test
  void reencrypt_manyVersions_allMoveToPrimaryInBatchesThenOldKeyRetires() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      for (int i = 0; i < 1_200; i++) {
        store.put("bulk/s" + i, utf8("value " + i));
      }
      long oldKey = store.keys().getFirst().id();
      long newKey = store.rotateKeys();
      assertThatThrownBy(() -> store.disableKey(oldKey)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("1200 version");
      List<long[]> progress = new ArrayList<>();
      assertThat(store.reencrypt((done, total) -> progress.add(new long[] {done, total}))).isEqualTo(1_200);
      assertThat(progress).hasSize(3);
      assertThat(progress.getLast()).containsExactly(1_200, 1_200);
      assertThat(store.reencrypt(ReencryptProgress.NONE)).isZero();
      assertThatThrownBy(() -> store.destroyKey(oldKey)).isInstanceOf(IllegalStateException.class);
      store.disableKey(oldKey);
      store.destroyKey(oldKey);
      assertThat(store.keys()).extracting(DataKeyInfo::id).containsExactly(newKey);
      assertThat(read(store, "bulk/s7")).isEqualTo("value 7");
    }
    try (SecretStore store = TestStores.open(dir())) {
      assertThat(read(store, "bulk/s1199")).isEqualTo("value 1199");
    }
  }

  @Test
  void primaryKey_cannotBeDisabled() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      long primary = store.keys().getFirst().id();
      assertThatThrownBy(() -> store.disableKey(primary)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> store.disableKey(12345)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rotateKeys_byAnotherOpener_picksUpChangesBeforeReadingOrWriting() throws Exception {
    try (SecretStore first = TestStores.create(dir()); SecretStore second = TestStores.open(dir())) {
      first.put("app/a", utf8("v1"));
      long oldKey = first.keys().getFirst().id();
      long newKey = first.rotateKeys();
      first.put("app/a", utf8("v2"));
      assertThat(read(second, "app/a")).isEqualTo("v2"); // written under a key second had not seen
      first.reencrypt(ReencryptProgress.NONE);
      first.disableKey(oldKey);
      second.put("app/b", utf8("by second"));           // must not use the disabled key
      assertThat(second.versions("app/b").getFirst().keyId()).isEqualTo(newKey);
      assertThat(read(first, "app/b")).isEqualTo("by second");
    }
  }

  @Test
  void open_primaryOlderThanRotationInterval_rotatesOnce() throws Exception {
    SecretMetadataTest.MutableClock clock = new SecretMetadataTest.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    StoreConfig base = TestStores.config(dir(), TestStores.PASSPHRASE);
    StoreConfig config = StoreConfig.builder(base.directory(), base.keyProvider())
        .clock(clock).keyRotationInterval(Duration.ofDays(30)).build();
    try (SecretStore store = SecretStore.create(config)) {
      store.put("app/a", utf8("v"));
    }
    clock.advance(Duration.ofDays(10));
    try (SecretStore store = SecretStore.open(config)) {
      assertThat(store.keys()).hasSize(1);
    }
    clock.advance(Duration.ofDays(25));
    try (SecretStore store = SecretStore.open(config)) {
      assertThat(store.keys()).hasSize(2);
      assertThat(store.keys().getLast().created()).isEqualTo(clock.instant());
    }
    try (SecretStore store = SecretStore.open(config)) {
      assertThat(store.keys()).hasSize(2);
      assertThat(read(store, "app/a")).isEqualTo("v");
    }
  }

  @Test
  void changeKeyProvider_newPassphrase_opensOnlyWithItAndKeepsValues() throws Exception {
    char[] newPassphrase = "a different, longer passphrase".toCharArray();
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("kept"));
      store.changeKeyProvider(TestStores.config(dir(), newPassphrase).keyProvider());
      assertThat(read(store, "app/a")).isEqualTo("kept");
      store.rotateKeys(); // the new KEK wraps later keyset changes too
    }
    assertThatThrownBy(() -> TestStores.open(dir())).isInstanceOf(StoreAccessDeniedException.class);
    try (SecretStore store = SecretStore.open(TestStores.config(dir(), newPassphrase))) {
      assertThat(read(store, "app/a")).isEqualTo("kept");
      assertThat(store.keys()).hasSize(2);
    }
  }
}
