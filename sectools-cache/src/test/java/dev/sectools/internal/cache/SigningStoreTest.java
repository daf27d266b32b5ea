package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cache.CacheMissException;
import dev.sectools.fs.Durability;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

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
}
