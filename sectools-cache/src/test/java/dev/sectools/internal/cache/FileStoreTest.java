package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.fs.Durability;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileStoreTest {
  private static final long MAX_BYTES = 16 * 1024 * 1024;
  private static final EntryKey KEY = new EntryKey("bucket", "ref");

  private static FileStore open() throws IOException {
    return FileStore.ephemeral(MAX_BYTES, null, Durability.NONE, InstantSource.system());
  }

  private static Lookup put(FileStore store, byte[] data) throws Exception {
    store.put(KEY, out -> out.write(data), null, (sha, size) -> new byte[0]);
    return store.lookup(KEY);
  }

  /**
   * The private copy is allocated before reading, from the size in the record. A record that
   * claims more than the store's limit, or more or less than the file holds, is refused before
   * anything is allocated or read.
   */
  @Test
  void read_recordSizeBeyondLimitOrOtherThanFile_corruptionBeforeAllocating() throws Exception {
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    for (long claimed : new long[] {Long.MAX_VALUE / 2, MAX_BYTES + 1, data.length + 1L, data.length - 1L}) {
      try (FileStore store = open()) {
        Lookup real = put(store, data);
        Lookup forged = new Lookup(KEY, real.sha(), claimed, real.created(), real.meta());
        assertThatThrownBy(() -> store.read(forged)).as("claimed %d", claimed)
            .isInstanceOf(CacheCorruptionException.class);
      }
    }
  }

  @Test
  void read_intactEntry_offHeapCopyOfTheBytes() throws Exception {
    byte[] data = new byte[3 * ReadAhead.CHUNK_BYTES + 17];
    new Random(2).nextBytes(data);
    try (FileStore store = open()) {
      Content copy = store.read(put(store, data));
      assertThat(copy).isInstanceOf(OffHeapCopy.class);
      assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
      copy.release();
      store.remove(KEY);
      assertThatThrownBy(() -> store.lookup(KEY)).isInstanceOf(CacheMissException.class);
    }
  }
}
