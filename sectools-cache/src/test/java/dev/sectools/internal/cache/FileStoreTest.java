package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.Durability;
import dev.sectools.temp.ExistingDirectoryPolicy;
import dev.sectools.temp.InsecureDirectoryException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
   * claims more or less than the file holds is refused before anything is allocated or read.
   */
  @Test
  void read_recordSizeOtherThanFile_corruptionBeforeAllocating() throws Exception {
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    for (long claimed : new long[] {data.length + 1L, data.length - 1L}) {
      try (FileStore store = open()) {
        Lookup real = put(store, data);
        Lookup forged = new Lookup(KEY, real.sha(), claimed, real.created(), real.meta());
        assertThatThrownBy(() -> store.read(forged)).as("claimed %d", claimed)
            .isInstanceOf(CacheCorruptionException.class);
      }
    }
  }

  /**
   * A record claiming more than the store's limit (forged, or put by a cache with a larger limit
   * over the same directory) is evicted before anything is opened or allocated: a miss, not a
   * corruption, whose bytes this store could never hold.
   */
  @Test
  void read_recordSizeBeyondLimit_missAndEvictedBeforeAllocating() throws Exception {
    byte[] data = new byte[300_000];
    new Random(1).nextBytes(data);
    for (long claimed : new long[] {Long.MAX_VALUE / 2, MAX_BYTES + 1}) {
      try (FileStore store = open()) {
        Lookup real = put(store, data);
        Lookup forged = new Lookup(KEY, real.sha(), claimed, real.created(), real.meta());
        assertThatThrownBy(() -> store.read(forged)).as("claimed %d", claimed)
            .isInstanceOf(CacheMissException.class);
        assertThatThrownBy(() -> store.lookup(KEY)).isInstanceOf(CacheMissException.class);
      }
    }
  }

  /**
   * Reopened with a smaller limit, a cache finds a healthy entry larger than it: a miss, never
   * "failed verification" (a corruption would blame the disk for the caller's configuration).
   */
  @Test
  void get_healthyEntryOverALimitLoweredSince_missNotCorruption(@TempDir Path dir) throws Exception {
    byte[] data = new byte[1_500_000];
    new Random(4).nextBytes(data);
    Lookup stored;
    try (FileStore store = FileStore.persistent(dir, ExistingDirectoryPolicy.REFUSE, 2_000_000, null,
        Durability.NONE, InstantSource.system())) {
      stored = put(store, data);
    }
    try (FileStore store = FileStore.persistent(dir, ExistingDirectoryPolicy.REFUSE, 1_000_000, null,
        Durability.NONE, InstantSource.system())) {
      assertThatThrownBy(() -> store.get(KEY, stored.sha())).isInstanceOf(CacheMissException.class);
    }
  }

  /**
   * A reader that found a key expired must not remove the fresh entry a put wrote after its read
   * (the refresh every reader of an expired key does next).
   */
  @Test
  void lookup_expiredRecordReplacedBeforeItsRemoval_freshEntryKept() throws Exception {
    GatedClock clock = new GatedClock();
    byte[] data = new byte[1000];
    try (FileStore store = FileStore.ephemeral(MAX_BYTES, Duration.ofHours(1), Durability.NONE, clock)) {
      put(store, data);
      clock.advance(Duration.ofHours(2));
      Thread reader = clock.holdWhile(() -> store.lookup(KEY)); // read the expired record; held
      put(store, data); // the refresh
      clock.releaseAndJoin(reader);

      assertThat(store.lookup(KEY).created()).isEqualTo(clock.instant());
    }
  }

  /**
   * {@code get} reads the content before its lookup comes back (entries up to 4 MiB) or after
   * (larger): either way, an index record whose size is not the file's (checksum intact, as an
   * attacker who can write records would make it) is a corruption, and the entry is removed.
   */
  @Test
  void get_recordSizeOtherThanFile_corruptionAndEntryRemoved(@TempDir Path tmp) throws Exception {
    for (int size : new int[] {300_000, 5 * 1024 * 1024}) {
      byte[] data = new byte[size];
      new Random(3).nextBytes(data);
      for (long claimed : new long[] {size + 1L, size - 1L}) {
        Path dir = tmp.resolve(size + "-" + claimed);
        try (FileStore store = FileStore.persistent(dir, ExistingDirectoryPolicy.REFUSE, MAX_BYTES, null,
            Durability.NONE, InstantSource.system())) {
          Lookup real = put(store, data);
          Lookup forged = new Lookup(KEY, real.sha(), claimed, real.created(), real.meta());
          Files.write(dir.resolve(FileStore.indexPath(KEY)), IndexRecord.encode(forged));
          assertThatThrownBy(() -> store.get(KEY, real.sha())).as("size %d claimed %d", size, claimed)
              .isInstanceOf(CacheCorruptionException.class);
          assertThatThrownBy(() -> store.lookup(KEY)).isInstanceOf(CacheMissException.class);
        }
      }
    }
  }

  @Test
  void get_intactEntry_copyOfTheBytesWhateverTheSize() throws Exception {
    for (int size : new int[] {0, 100, 300_000, (int) FileStore.LOOKUP_ALONGSIDE_MAX_BYTES + 1}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      try (FileStore store = open()) {
        Lookup found = put(store, data);
        Content copy = store.get(KEY, found.sha());
        assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
        copy.release();
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
  /**
   * The directory is checked by its path, then opened by it: a directory swapped in between (a
   * link renamed over the path, in a parent others can write) is checked again as opened, and a
   * directory open to others is refused.
   */
  @Test
  void requirePrivate_directoryOpenedIsOpenToOthers_refused(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("swapped-in"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      assertThatThrownBy(() -> FileStore.requirePrivate(root, dir)).isInstanceOf(InsecureDirectoryException.class)
          .extracting(e -> ((InsecureDirectoryException) e).problem())
          .isEqualTo(InsecureDirectoryException.Problem.GROUP_OR_OTHER_ACCESS);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      FileStore.requirePrivate(root, dir);
    }
  }
  /**
   * Two readers find one entry's content damaged; the first puts it again (a good copy renamed
   * over the damaged file) before the second removes what it read. The second must leave the good
   * copy: removing by name would delete it and leave the new record pointing at nothing.
   */
  @Test
  void discard_afterAnotherReaderPutTheContentAgain_goodCopyKept(@TempDir Path dir) throws Exception {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    try (FileStore store = FileStore.persistent(dir, ExistingDirectoryPolicy.REFUSE, MAX_BYTES, null,
        Durability.NONE, InstantSource.system())) {
      Lookup found = put(store, data);
      Path file = dir.resolve(FileStore.contentPath(found.sha()));
      byte[] damaged = data.clone();
      damaged[1000] ^= 1;
      Files.write(file, damaged); // in place: the file the second reader has open
      try (SeekableByteChannel second = store.openSized(found)) {
        put(store, data); // the first reader's repair

        store.discard(found, second);
      }

      Content copy = store.get(KEY, found.sha());
      assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
      copy.release();
    }
  }

  @Test
  void discard_fileStillTheOneRead_removed(@TempDir Path dir) throws Exception {
    try (FileStore store = FileStore.persistent(dir, ExistingDirectoryPolicy.REFUSE, MAX_BYTES, null,
        Durability.NONE, InstantSource.system())) {
      Lookup found = put(store, new byte[1000]);
      try (SeekableByteChannel read = store.openSized(found)) {
        store.discard(found, read);
      }

      assertThat(dir.resolve(FileStore.contentPath(found.sha()))).doesNotExist();
      assertThatThrownBy(() -> store.lookup(KEY)).isInstanceOf(CacheMissException.class);
    }
  }
}
