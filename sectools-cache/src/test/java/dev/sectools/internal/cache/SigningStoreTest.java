package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cache.CacheMissException;
import dev.sectools.fs.Durability;
import dev.sectools.temp.ExistingDirectoryPolicy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningStoreTest {
  private static final byte[] NO_META = new byte[0];

  @Test
  void stream_entryExpiresBetweenLookupAndRead_missNotAnError() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T00:00:00Z"));
    InstantSource clock = now::get;
    byte[] data = new byte[3 * ChunkTags.CHUNK_BYTES];
    new Random(1).nextBytes(data);
    try (SigningStore store = SigningStore.wrap(FileStore.ephemeral(1L << 30, null, Durability.NONE, clock), null,
        Duration.ofMinutes(5), clock, Uids.current(), true)) {
      EntryKey key = new EntryKey("ns", "k");
      store.put(key, Store.copying(new ByteArrayInputStream(data)), null, (sha, size) -> NO_META);
      Lookup found = store.lookup(key);
      try (InputStream in = store.stream(found, () -> { })) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      now.set(now.get().plus(Duration.ofMinutes(6)));
      assertThatThrownBy(() -> store.stream(found, () -> { })).isInstanceOf(CacheMissException.class);
    }
  }
  /**
   * Whoever can write the index but not sign (no key) sets a length inside a signed record to
   * 2^31-1: the record must be a miss and removed, not an allocation of 2 GiB (an
   * {@code OutOfMemoryError} on every {@code get} of the key, and the record kept).
   */
  @Test
  void lookup_forgedLengthInsideSignedRecord_missAndRemovedWithoutAllocating(@TempDir Path dir) throws Exception {
    try (FileStore files = FileStore.persistent(dir, ExistingDirectoryPolicy.REFUSE, 1L << 30, null,
        Durability.NONE, InstantSource.system());
        SigningStore store = SigningStore.wrap(files, null, null, InstantSource.system(), Uids.current(), true)) {
      EntryKey key = new EntryKey("ns", "k");
      store.put(key, Store.copying(new ByteArrayInputStream(new byte[100])), null, (sha, size) -> NO_META);
      EntryKey below = store.innerKey(key);
      Lookup record = files.lookup(below);
      byte[] meta = record.meta();
      int upperLength = 4 + 32 + 4 * 8 + 2 + key.namespace().length() + 2 + key.key().length();
      ByteBuffer.wrap(meta).putInt(upperLength, Integer.MAX_VALUE);
      Files.write(dir.resolve(FileStore.indexPath(below)),
          IndexRecord.encode(new Lookup(below, record.sha(), record.size(), record.created(), meta)));

      assertThatThrownBy(() -> store.lookup(key)).isInstanceOf(CacheMissException.class);
      assertThatThrownBy(() -> files.lookup(below)).as("removed").isInstanceOf(CacheMissException.class);
    }
  }

  /**
   * A reader that found a signed entry expired must not remove the fresh entry a put wrote after
   * its read (every reader of an expired key puts it again next).
   */
  @Test
  void lookup_expiredRecordReplacedBeforeItsRemoval_freshEntryKept() throws Exception {
    GatedClock clock = new GatedClock();
    try (SigningStore store = SigningStore.wrap(FileStore.ephemeral(1L << 30, null, Durability.NONE, clock), null,
        Duration.ofMinutes(5), clock, Uids.current(), true)) {
      EntryKey key = new EntryKey("ns", "k");
      store.put(key, Store.copying(new ByteArrayInputStream(new byte[100])), null, (sha, size) -> NO_META);
      clock.advance(Duration.ofMinutes(6));
      Thread reader = clock.holdWhile(() -> store.lookup(key)); // read the expired record; held
      store.put(key, Store.copying(new ByteArrayInputStream(new byte[100])), null, (sha, size) -> NO_META);
      clock.releaseAndJoin(reader);

      assertThat(store.lookup(key).created()).isEqualTo(clock.instant());
    }
  }
}
