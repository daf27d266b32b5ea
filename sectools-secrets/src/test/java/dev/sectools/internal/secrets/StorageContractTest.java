package dev.sectools.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.secrets.StoreFormatException;
import dev.sectools.secrets.VersionState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage SPI's contract: every backend runs these tests through a subclass, so SQLite and
 * PostgreSQL cannot drift apart. Each test gets an empty database with the schema created.
 */
abstract class StorageContractTest {
  private static final int THREADS = 4;
  private static final int INCREMENTS = 50;

  /** The storage under test. */
  protected Storage storage;
  private final List<Storage> opened = new ArrayList<>();

  /** An empty database, fresh for each test, with no schema: the first client's storage. */
  protected abstract Storage createEmpty() throws Exception;

  /** Another client of the database {@link #createEmpty()} made last (another connection). */
  protected abstract Storage openAnother() throws Exception;

  @BeforeEach
  void createSchema() throws Exception {
    storage = track(createEmpty());
    write(storage, () -> storage.createSchema());
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Storage s : opened) {
      s.close();
    }
  }

  private Storage track(Storage s) {
    opened.add(s);
    return s;
  }

  @Test
  void header_emptyDatabase_refusedAsNoStore() throws Exception {
    Storage empty = track(createEmpty());
    assertThatThrownBy(() -> empty.inTransaction(Mode.READ, empty::header))
        .isInstanceOf(StoreFormatException.class);
  }

  @Test
  void putHeader_thenHeader_returnsEveryEntryAndReplaces() throws Exception {
    write(storage, () -> {
      storage.putHeader("a", bytes(1, 2, 3));
      storage.putHeader("b", bytes(4));
      storage.putHeader("a", bytes(9));
    });
    Map<String, byte[]> header = storage.inTransaction(Mode.READ, storage::header);
    assertThat(header).containsOnlyKeys("a", "b");
    assertThat(header.get("a")).containsExactly(9);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.headerValue("b"))).containsExactly(4);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.headerValue("none"))).isNull();
  }

  @Test
  void insertSecret_thenSecret_returnsEveryField() throws Exception {
    SecretRow row = new SecretRow(id(1), bytes(7, 8), 3, 5, true, 60_000, "P30D;WARN", bytes(0, 1, 2), 100, 200);
    write(storage, () -> storage.insertSecret(row));
    SecretRow read = storage.inTransaction(Mode.READ, () -> storage.secret(id(1))).orElseThrow();
    assertSame(read, row);
    SecretRow plain = secret(2, 1);
    write(storage, () -> storage.insertSecret(plain));
    assertSame(storage.inTransaction(Mode.READ, () -> storage.secret(id(2))).orElseThrow(), plain);
  }

  @Test
  void secret_unknownPath_isEmpty() throws Exception {
    assertThat(storage.inTransaction(Mode.READ, () -> storage.secret(id(9)))).isEmpty();
  }

  @Test
  void updateSecret_changedSettings_replacesThemAndKeepsNameAndCreation() throws Exception {
    write(storage, () -> storage.insertSecret(secret(1, 1)));
    SecretRow changed = secret(1, 1).withSettings(3, true, 5, "r", bytes(6), 999).withVersion(2, 1000);
    write(storage, () -> storage.updateSecret(changed));
    assertSame(storage.inTransaction(Mode.READ, () -> storage.secret(id(1))).orElseThrow(), changed);
  }

  @Test
  void insertVersion_thenVersions_oldestFirstWithEveryField() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 3));
      storage.insertVersion(id(1), version(3, 7));
      storage.insertVersion(id(1), version(1, 7));
      storage.insertVersion(id(1), new VersionRow(2, VersionState.DELETED, 55, 8, bytes(2)));
    });
    List<VersionRow> versions = storage.inTransaction(Mode.READ, () -> storage.versions(id(1)));
    assertThat(versions).extracting(v -> v.version).containsExactly(1L, 2L, 3L);
    VersionRow second = versions.get(1);
    assertThat(second.state).isEqualTo(VersionState.DELETED);
    assertThat(second.createdMillis).isEqualTo(55);
    assertThat(second.keyId).isEqualTo(8);
    assertThat(second.ciphertext).containsExactly(2);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.version(id(1), 2))).isPresent();
    assertThat(storage.inTransaction(Mode.READ, () -> storage.version(id(1), 4))).isEmpty();
  }

  @Test
  void insertVersion_sameVersionTwice_failsAndRollsBack() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 1));
      storage.insertVersion(id(1), version(1, 1));
    });
    assertThatThrownBy(() -> write(storage, () -> {
      storage.insertSecret(secret(2, 1));
      storage.insertVersion(id(1), version(1, 1));
    })).isInstanceOf(IOException.class);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.secret(id(2)))).isEmpty();
  }

  @Test
  void inTransaction_workThrows_rollsEverythingBack() throws Exception {
    assertThatThrownBy(() -> write(storage, () -> {
      storage.insertSecret(secret(1, 1));
      storage.putHeader("x", bytes(1));
      throw new IllegalStateException("boom");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts)).containsExactly(0, 0);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.headerValue("x"))).isNull();
  }

  @Test
  void lookup_currentOrNumberedVersion_returnsSecretAndVersion() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 2));
      storage.insertVersion(id(1), version(1, 1));
      storage.insertVersion(id(1), version(2, 1));
    });
    Storage.Lookup current = storage.inTransaction(Mode.SINGLE_STATEMENT, () -> storage.lookup(id(1), 0))
        .orElseThrow();
    assertThat(current.secret.currentVersion).isEqualTo(2);
    assertThat(current.version.version).isEqualTo(2);
    Storage.Lookup first = storage.inTransaction(Mode.SINGLE_STATEMENT, () -> storage.lookup(id(1), 1))
        .orElseThrow();
    assertThat(first.version.version).isEqualTo(1);
    assertThat(first.version.ciphertext).containsExactly(1);
  }

  @Test
  void lookup_versionNotKept_returnsSecretWithNullVersion() throws Exception {
    write(storage, () -> storage.insertSecret(secret(1, 4)));
    Storage.Lookup found = storage.inTransaction(Mode.SINGLE_STATEMENT, () -> storage.lookup(id(1), 3))
        .orElseThrow();
    assertThat(found.secret.currentVersion).isEqualTo(4);
    assertThat(found.version).isNull();
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, () -> storage.lookup(id(2), 0))).isEmpty();
  }

  @Test
  void setState_deletedThenLive_keepsCiphertext() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 1));
      storage.insertVersion(id(1), version(1, 1));
      storage.setState(id(1), 1, VersionState.DELETED);
    });
    assertThat(storage.inTransaction(Mode.READ, () -> storage.version(id(1), 1)).orElseThrow().state)
        .isEqualTo(VersionState.DELETED);
    write(storage, () -> storage.setState(id(1), 1, VersionState.LIVE));
    VersionRow v = storage.inTransaction(Mode.READ, () -> storage.version(id(1), 1)).orElseThrow();
    assertThat(v.state).isEqualTo(VersionState.LIVE);
    assertThat(v.ciphertext).containsExactly(1);
  }

  @Test
  void destroy_liveVersion_erasesCiphertextForGood() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 1));
      storage.insertVersion(id(1), version(1, 1));
      storage.destroy(id(1), 1);
    });
    storage.purgeErased();
    VersionRow v = storage.inTransaction(Mode.READ, () -> storage.version(id(1), 1)).orElseThrow();
    assertThat(v.state).isEqualTo(VersionState.DESTROYED);
    assertThat(v.ciphertext).isNull();
    assertThat(storage.inTransaction(Mode.READ, storage::versionsPerKey)).isEmpty();
  }

  @Test
  void deleteSecret_withVersions_removesTheVersionsToo() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 2));
      storage.insertVersion(id(1), version(1, 1));
      storage.insertVersion(id(1), version(2, 1));
      storage.insertSecret(secret(2, 1));
      storage.insertVersion(id(2), version(1, 1));
      storage.deleteSecret(id(1));
    });
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts)).containsExactly(1, 1);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.versions(id(1)))).isEmpty();
  }

  @Test
  void deleteVersion_oneOfTwo_leavesTheOther() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 2));
      storage.insertVersion(id(1), version(1, 1));
      storage.insertVersion(id(1), version(2, 1));
      storage.deleteVersion(id(1), 1);
    });
    assertThat(storage.inTransaction(Mode.READ, () -> storage.versions(id(1)))).extracting(v -> v.version)
        .containsExactly(2L);
  }

  @Test
  void secretsAndScan_severalSecrets_inPathIdOrderWithTheirVersions() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(3, 2));
      storage.insertVersion(id(3), version(2, 1));
      storage.insertVersion(id(3), version(1, 1));
      storage.insertSecret(secret(1, 1)); // no versions kept
      storage.insertSecret(secret(0x80, 1)); // sorts as unsigned bytes
      storage.insertVersion(id(0x80), version(1, 1));
    });
    assertThat(storage.inTransaction(Mode.READ, storage::secrets)).hasSize(3);
    List<String> seen = new ArrayList<>();
    storage.inTransaction(Mode.READ, () -> {
      storage.scan(new Storage.RowSink() {
        @Override
        public void secret(SecretRow row) {
          seen.add("s" + Byte.toUnsignedInt(row.pathId[0]));
        }

        @Override
        public void version(VersionRow row) {
          seen.add("v" + row.version);
        }
      });
      return null;
    });
    assertThat(seen).containsExactly("s1", "s3", "v1", "v2", "s128", "v1");
  }

  @Test
  void versionsPerKeyAndNotUnder_mixedKeys_countAndFindTheStaleOnes() throws Exception {
    write(storage, () -> {
      storage.insertSecret(secret(1, 3));
      storage.insertVersion(id(1), version(1, 1));
      storage.insertVersion(id(1), version(2, 1));
      storage.insertVersion(id(1), version(3, 2));
    });
    assertThat(storage.inTransaction(Mode.READ, storage::versionsPerKey)).containsOnly(
        Map.entry(1L, 2L), Map.entry(2L, 1L));
    List<Storage.StaleVersion> stale = storage.inTransaction(Mode.READ, () -> storage.notUnder(2, 1));
    assertThat(stale).hasSize(1);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.notUnder(2, 10))).hasSize(2);
    Storage.StaleVersion v = stale.getFirst();
    write(storage, () -> storage.reencrypted(v.pathId, v.version, 2, bytes(42)));
    assertThat(storage.inTransaction(Mode.READ, storage::versionsPerKey)).containsOnly(
        Map.entry(1L, 1L), Map.entry(2L, 2L));
    assertThat(storage.inTransaction(Mode.READ, () -> storage.version(v.pathId, v.version)).orElseThrow().ciphertext)
        .containsExactly(42);
  }

  @Test
  void counts_emptyThenFilled_countsEveryState() throws Exception {
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts)).containsExactly(0, 0);
    write(storage, () -> {
      storage.insertSecret(secret(1, 2));
      storage.insertVersion(id(1), version(1, 1));
      storage.insertVersion(id(1), new VersionRow(2, VersionState.DESTROYED, 1, 1, null));
    });
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts)).containsExactly(1, 2);
  }

  @Test
  void commit_byAnotherClient_isSeenAndMovesTheChangeCounter() throws Exception {
    Storage other = track(openAnother());
    long before = storage.inTransaction(Mode.READ, storage::changeCounter);
    write(other, () -> other.insertSecret(secret(1, 1)));
    long after = storage.inTransaction(Mode.READ, storage::changeCounter);
    assertThat(storage.inTransaction(Mode.READ, () -> storage.secret(id(1)))).isPresent();
    if (before != -1) {
      assertThat(after).isNotEqualTo(before);
    } else {
      assertThat(after).isEqualTo(-1); // a backend that cannot tell never lets rows be reused
    }
  }

  @Test
  void reader_readTransaction_isASnapshotWhileOthersWrite() throws Exception {
    write(storage, () -> storage.insertSecret(secret(1, 1)));
    try (Storage reader = storage.reader()) {
      long[][] counts = reader.inTransaction(Mode.READ, () -> {
        long[] first = reader.counts();
        write(storage, () -> storage.insertSecret(secret(2, 1))); // commits while the read is open
        return new long[][] {first, reader.counts()};
      });
      assertThat(counts[1]).containsExactly(counts[0]);
    }
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts)).containsExactly(2, 0);
  }

  @Test
  void writeTransactions_checkAndSetFromManyClients_loseNoUpdate() throws Exception {
    write(storage, () -> storage.insertSecret(secret(1, 0)));
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Storage client = track(openAnother());
        done.add(pool.submit(() -> {
          for (int i = 0; i < INCREMENTS; i++) {
            write(client, () -> {
              SecretRow row = client.secret(id(1)).orElseThrow();
              client.updateSecret(row.withVersion(row.currentVersion + 1, 0));
              client.insertVersion(id(1), version(row.currentVersion + 1, 1));
            });
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    long expected = (long) THREADS * INCREMENTS;
    assertThat(storage.inTransaction(Mode.READ, () -> storage.secret(id(1))).orElseThrow().currentVersion)
        .isEqualTo(expected);
    assertThat(storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts)).containsExactly(1, expected);
  }

  /** Work with no result. */
  @FunctionalInterface
  interface Step {
    void run() throws IOException, GeneralSecurityException;
  }

  static void write(Storage s, Step step) throws IOException, GeneralSecurityException {
    s.inTransaction(Mode.WRITE, () -> {
      step.run();
      return null;
    });
  }

  static byte[] id(int first) {
    byte[] id = new byte[StoreKeys.PATH_ID_BYTES];
    id[0] = (byte) first;
    return id;
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static SecretRow secret(int first, long currentVersion) {
    return new SecretRow(id(first), ("name" + first).getBytes(StandardCharsets.UTF_8), currentVersion, 10, false, 0,
        null, null, 10, 20);
  }

  static VersionRow version(long version, long keyId) {
    return new VersionRow(version, VersionState.LIVE, 1000 + version, keyId, bytes((int) version));
  }

  private static void assertSame(SecretRow read, SecretRow expected) {
    assertThat(read.pathId).containsExactly(expected.pathId);
    assertThat(read.nameCiphertext).containsExactly(expected.nameCiphertext);
    assertThat(read.currentVersion).isEqualTo(expected.currentVersion);
    assertThat(read.maxVersions).isEqualTo(expected.maxVersions);
    assertThat(read.casRequired).isEqualTo(expected.casRequired);
    assertThat(read.deleteAfterMillis).isEqualTo(expected.deleteAfterMillis);
    assertThat(read.rotation).isEqualTo(expected.rotation);
    assertThat(Arrays.equals(read.metaCiphertext, expected.metaCiphertext)).as("meta").isTrue();
    assertThat(read.createdMillis).isEqualTo(expected.createdMillis);
    assertThat(read.updatedMillis).isEqualTo(expected.updatedMillis);
  }
}
