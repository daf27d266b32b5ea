package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-secret metadata: check-and-set, version limits and lifetimes, custom entries, rotation. */
class SecretMetadataTest {
  @TempDir Path tmp;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private SecretStore create() throws Exception {
    StoreConfig base = TestStores.config(tmp.resolve("store"), TestStores.PASSPHRASE);
    return SecretStore.create(StoreConfig.builder(base.directory(), base.keyProvider())
        .clock(clock).pathDisplay(base.pathDisplay()).build());
  }

  @Test
  void updateMetadata_checkAndSetRequired_refusesPlainPut() throws Exception {
    try (SecretStore store = create()) {
      store.put("app/key", utf8("v1"));
      store.updateMetadata("app/key", MetadataUpdate.builder().checkAndSet(CheckAndSet.REQUIRED).build());
      assertThatThrownBy(() -> store.put("app/key", utf8("v2"))).isInstanceOf(VersionConflictException.class)
          .hasMessageContaining("check-and-set is required");
      assertThat(store.put("app/key", utf8("v2"), 1)).isEqualTo(2);
      assertThat(store.metadata("app/key").checkAndSet()).isEqualTo(CheckAndSet.REQUIRED);
    }
  }

  @Test
  void updateMetadata_lowerMaxVersions_prunesAtOnce() throws Exception {
    try (SecretStore store = create()) {
      for (int i = 0; i < 5; i++) {
        store.put("app/key", utf8("v" + i));
      }
      store.updateMetadata("app/key", MetadataUpdate.builder().maxVersions(2).build());
      assertThat(store.versions("app/key")).extracting(VersionInfo::version).containsExactly(4L, 5L);
      assertThat(store.metadata("app/key").maxVersions()).isEqualTo(2);
    }
  }

  @Test
  void updateMetadata_customEntries_roundTripAndAreStoredEncrypted() throws Exception {
    try (SecretStore store = create()) {
      store.put("app/key", utf8("v"));
      store.updateMetadata("app/key", MetadataUpdate.builder()
          .custom(Map.of("owner", "team-payments-7f3a", "ticket", "SEC-42")).build());
      assertThat(store.metadata("app/key").custom())
          .containsExactlyInAnyOrderEntriesOf(Map.of("owner", "team-payments-7f3a", "ticket", "SEC-42"));
      for (Path f : List.of(tmp.resolve("store/store.db"), tmp.resolve("store/store.db-wal"))) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain("team-payments-7f3a");
      }
      store.updateMetadata("app/key", MetadataUpdate.builder().custom(Map.of()).build());
      assertThat(store.metadata("app/key").custom()).isEmpty();
    }
  }

  @Test
  void deleteVersionAfter_oldVersions_countAsDeleted() throws Exception {
    try (SecretStore store = create()) {
      store.put("app/key", utf8("old"));
      clock.advance(Duration.ofHours(2));
      store.put("app/key", utf8("new"));
      store.updateMetadata("app/key", MetadataUpdate.builder().deleteVersionAfter(Duration.ofHours(1)).build());
      assertThat(store.versions("app/key")).extracting(VersionInfo::state)
          .containsExactly(VersionState.DELETED, VersionState.LIVE);
      assertThatThrownBy(() -> store.get("app/key", 1)).isInstanceOf(SecretNotFoundException.class);
      assertThat(read(store, "app/key")).isEqualTo("new");
    }
  }

  @Test
  void rotation_pastWarningAndDeadline_reportedByStatus() throws Exception {
    try (SecretStore store = create()) {
      store.put("app/fresh", utf8("v"));
      store.put("app/old", utf8("v"));
      store.updateMetadata("app/old", MetadataUpdate.builder().rotation(RotationPolicy.credentials()).build());
      store.updateMetadata("app/fresh", MetadataUpdate.builder().rotation(RotationPolicy.credentials()).build());
      assertThat(store.status().dueSoon()).isEmpty();
      clock.advance(Duration.ofDays(80));
      store.put("app/fresh", utf8("rotated"));
      StoreStatus soon = store.status();
      assertThat(soon.dueSoon()).extracting(SecretStatus::path).containsExactly("app/old");
      assertThat(soon.expired()).isEmpty();
      clock.advance(Duration.ofDays(11));
      StoreStatus late = store.status();
      assertThat(late.expired()).extracting(SecretStatus::path).containsExactly("app/old");
      assertThat(late.expired().getFirst().rotateBy()).isEqualTo(Instant.parse("2026-04-01T00:00:00Z"));
      assertThat(late.secrets()).isEqualTo(2);
      assertThat(late.versions()).isEqualTo(3);
    }
  }

  @Test
  void get_expiredSecret_warnsOrRefusesPerPolicy() throws Exception {
    try (SecretStore store = create()) {
      store.put("app/warned", utf8("still here"));
      store.put("app/refused", utf8("gone"));
      RotationPolicy policy = RotationPolicy.credentials().withMaxAge(Duration.ofDays(30));
      store.updateMetadata("app/warned", MetadataUpdate.builder().rotation(policy).build());
      store.updateMetadata("app/refused", MetadataUpdate.builder()
          .rotation(policy.withOnExpiredRead(ExpiredRead.REFUSE)).build());
      clock.advance(Duration.ofDays(31));
      assertThat(read(store, "app/warned")).isEqualTo("still here");
      assertThatThrownBy(() -> store.get("app/refused")).isInstanceOf(SecretExpiredException.class);
      store.put("app/refused", utf8("rotated"));
      assertThat(read(store, "app/refused")).isEqualTo("rotated");
    }
  }

  @Test
  void rotationPolicy_invalidValues_refused() {
    assertThatThrownBy(() -> new RotationPolicy(Duration.ZERO, List.of(), ExpiredRead.WARN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RotationPolicy(Duration.ofDays(1), List.of(Duration.ofDays(2)), ExpiredRead.WARN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetadataUpdate.builder().maxVersions(0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A clock the test moves by hand. */
  static final class MutableClock implements InstantSource {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
