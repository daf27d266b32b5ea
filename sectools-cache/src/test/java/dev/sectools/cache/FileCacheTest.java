package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.contentFile;
import static dev.sectools.cache.TestCaches.flipByte;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.mode;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCacheTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("cache");
  }

  private FileCache open() throws Exception {
    return FileCache.open(persistent(dir()).build());
  }

  @Test
  void get_afterPut_returnsSameBytesAndSha() throws Exception {
    byte[] data = bytes(1 << 20, 1);
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      assertThat(sha).isEqualTo(Sha256.of(data));
      try (VerifiedEntry e = cache.get(NS, "ref", sha)) {
        assertThat(e.sha256()).isEqualTo(sha);
        assertThat(e.sizeBytes()).isEqualTo(data.length);
        assertThat(e.readAllBytes()).isEqualTo(data);
        assertThat(e.readAllBytes()).as("each stream starts over").isEqualTo(data);
      }
      assertThat(cache.stats().hits()).isEqualTo(1);
    }
  }

  @Test
  void get_emptyAndSmallAndChunkBoundaryEntries_roundTrip() throws Exception {
    try (FileCache cache = open()) {
      for (int size : new int[] {0, 1, 4095, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 3 * 256 * 1024}) {
        byte[] data = bytes(size, size);
        Sha256 sha = put(cache, "k" + size, data);
        assertThat(get(cache, "k" + size, sha)).as("size %d", size).isEqualTo(data);
      }
    }
  }

  @Test
  void put_files0600Directories0700() throws Exception {
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(10, 1));
      Path file = contentFile(dir(), sha);
      assertThat(mode(file)).isEqualTo(0600);
      assertThat(mode(file.getParent())).isEqualTo(0700);
      assertThat(mode(file.getParent().getParent())).isEqualTo(0700);
      assertThat(mode(dir())).isEqualTo(0700);
      assertThat(mode(TestCaches.onlyIndexFile(dir()))).isEqualTo(0600);
    }
  }

  @Test
  void put_identicalContentUnderTwoKeys_storedOnce() throws Exception {
    byte[] data = bytes(1000, 2);
    try (FileCache cache = open()) {
      put(cache, "a", data);
      Sha256 sha = put(cache, "b", data);
      assertThat(cache.stats().entries()).isEqualTo(2);
      assertThat(cache.stats().bytes()).isEqualTo(1000);
      try (var s = Files.walk(dir().resolve("content"))) {
        assertThat(s.filter(Files::isRegularFile).toList()).containsExactly(contentFile(dir(), sha));
      }
      assertThat(cache.invalidate(NS, "a")).isTrue();
      assertThat(get(cache, "b", sha)).as("the other key keeps the content").isEqualTo(data);
      cache.invalidate(NS, "b");
      assertThat(contentFile(dir(), sha)).doesNotExist();
    }
  }

  @Test
  void putVerified_matchingContent_stored() throws Exception {
    byte[] data = bytes(5000, 3);
    try (FileCache cache = open()) {
      cache.putVerified(NS, "ref", new ByteArrayInputStream(data), Sha256.of(data));
      assertThat(get(cache, "ref", Sha256.of(data))).isEqualTo(data);
    }
  }

  @Test
  void putVerified_contentDiffersFromExpected_refusedAndOldEntryIntact() throws Exception {
    byte[] old = bytes(5000, 3);
    try (FileCache cache = open()) {
      Sha256 oldSha = put(cache, "ref", old);
      assertThatThrownBy(() -> cache.putVerified(NS, "ref", new ByteArrayInputStream(bytes(5000, 4)), Sha256.of(old)))
          .isInstanceOf(ContentMismatchException.class);
      assertThat(get(cache, "ref", oldSha)).isEqualTo(old);
      try (var s = Files.walk(dir())) {
        assertThat(s.filter(Files::isRegularFile).count()).as("one content file, one index record").isEqualTo(2);
      }
    }
  }

  @Test
  void get_neverStoredOrOtherSha_missNotCorruption() throws Exception {
    try (FileCache cache = open()) {
      put(cache, "ref", bytes(10, 1));
      assertThatThrownBy(() -> cache.get(NS, "nothing", Sha256.of(new byte[0]))).isInstanceOf(CacheMissException.class);
      assertThatThrownBy(() -> cache.get(NS, "ref", Sha256.of(new byte[0]))).isInstanceOf(CacheMissException.class);
      assertThat(cache.stats().misses()).isEqualTo(2);
      assertThat(cache.stats().corruptions()).isZero();
    }
  }

  @Test
  void get_contentFileRemovedBehindTheCache_missAndIndexDropped() throws Exception {
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(10, 1));
      Files.delete(contentFile(dir(), sha));
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(cache.stats().entries()).isZero();
    }
  }

  @Test
  void verify_intactEntry_returnsRecordedSha() throws Exception {
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(1000, 1));
      assertThat(cache.verify(NS, "ref")).isEqualTo(sha);
      assertThatThrownBy(() -> cache.verify(NS, "never-stored")).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void verify_byteFlippedInStoredFile_corruptionAndEntryRemoved() throws Exception {
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(1000, 1));
      flipByte(contentFile(dir(), sha), 500);
      assertThatThrownBy(() -> cache.verify(NS, "ref")).isInstanceOf(CacheCorruptionException.class);
      assertThatThrownBy(() -> cache.verify(NS, "ref")).isInstanceOf(CacheMissException.class);
      assertThat(contentFile(dir(), sha)).doesNotExist();
    }
  }

  @Test
  void verifyAll_oneOfThreeFlipped_countsAndRemovesOnlyThatOne() throws Exception {
    try (FileCache cache = open()) {
      Sha256 bad = put(cache, "a", bytes(100, 1));
      put(cache, "b", bytes(200, 2));
      put(cache, "c", bytes(300, 3));
      flipByte(contentFile(dir(), bad), 0);
      java.util.List<Long> done = new java.util.ArrayList<>();

      CacheVerification v = cache.verifyAll((n, total) -> {
        assertThat(total).isEqualTo(3);
        done.add(n);
      });

      assertThat(v).isEqualTo(new CacheVerification(3, 1, 500));
      assertThat(done).containsExactly(1L, 2L, 3L);
      assertThat(cache.stats().entries()).isEqualTo(2);
      assertThat(cache.stats().corruptions()).isEqualTo(1);
      assertThatThrownBy(() -> cache.get(NS, "a", bad)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void verifyAll_contentSharedByFourKeysFlipped_countsEveryKeyItLeftUnusable() throws Exception {
    try (FileCache cache = open()) {
      byte[] shared = bytes(100, 1);
      Sha256 bad = null;
      for (String k : new String[] {"a", "b", "c", "d"}) {
        bad = put(cache, k, shared);
      }
      put(cache, "e", bytes(200, 2));
      flipByte(contentFile(dir(), bad), 0);

      CacheVerification v = cache.verifyAll((n, total) -> { });

      assertThat(v).isEqualTo(new CacheVerification(5, 4, 200));
      assertThat(cache.stats().entries()).isEqualTo(v.checked() - v.corrupt());
      assertThat(cache.stats().corruptions()).isEqualTo(4);
      for (String k : new String[] {"a", "b", "c", "d"}) {
        Sha256 sha = bad;
        assertThatThrownBy(() -> cache.get(NS, k, sha)).as(k).isInstanceOf(CacheMissException.class);
      }
    }
  }

  @Test
  void put_overSizeLimit_evictsLeastRecentlyUsed() throws Exception {
    try (FileCache cache = FileCache.open(persistent(dir()).maxSizeBytes(3000).build())) {
      Sha256 a = put(cache, "a", bytes(1000, 1));
      Sha256 b = put(cache, "b", bytes(1000, 2));
      Sha256 c = put(cache, "c", bytes(1000, 3));
      get(cache, "a", a); // a is now more recent than b
      Sha256 d = put(cache, "d", bytes(1000, 4));
      assertThatThrownBy(() -> cache.get(NS, "b", b)).isInstanceOf(CacheMissException.class);
      assertThat(contentFile(dir(), b)).doesNotExist();
      for (String k : new String[] {"a", "c", "d"}) {
        Sha256 sha = k.equals("a") ? a : k.equals("c") ? c : d;
        assertThat(get(cache, k, sha)).hasSize(1000);
      }
      assertThat(cache.stats().evictions()).isEqualTo(1);
      assertThat(cache.stats().bytes()).isEqualTo(3000);
    }
  }

  @Test
  void gc_orphanedContentAndLeftovers_removedReferencedKept() throws Exception {
    try (FileCache cache = open()) {
      Sha256 kept = put(cache, "kept", bytes(100, 1));
      Path orphanFile = plantOrphan(bytes(200, 2));
      Path leftover = Files.write(dir().resolve("staging/leftover"), new byte[50]);
      Path record = Files.write(dir().resolve("index/.0123.sectools-tmp"), new byte[50]);
      for (Path p : List.of(orphanFile, leftover, record)) {
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(Duration.ofHours(1)))); // a crash's
      }
      assertThat(cache.gc()).isGreaterThanOrEqualTo(200);
      assertThat(orphanFile).doesNotExist();
      assertThat(leftover).doesNotExist();
      assertThat(record).doesNotExist();
      assertThat(get(cache, "kept", kept)).hasSize(100);
    }
  }

  /**
   * Another process's put links its staged file, renames it into content/ and only then writes
   * its record, through a temporary name: a gc here in between must leave all three alone, or
   * that put fails or its entry loses its content.
   */
  @Test
  void gc_anotherProcesssWriteInFlight_leftAlone() throws Exception {
    try (FileCache cache = open()) {
      put(cache, "kept", bytes(100, 1));
      Path content = plantOrphan(bytes(200, 3));
      Path staged = Files.write(dir().resolve("staging/0a1b2c"), new byte[50]);
      Path record = Files.write(dir().resolve("index/.0123.sectools-tmp"), new byte[50]);
      cache.gc();
      assertThat(content).exists();
      assertThat(staged).exists();
      assertThat(record).exists();
    }
  }

  private Path plantOrphan(byte[] data) throws IOException {
    Path file = contentFile(dir(), Sha256.of(data));
    Files.createDirectories(file.getParent());
    return Files.write(file, data);
  }

  @Test
  void get_afterTtl_missAndRemoved() throws Exception {
    MutableClock clock = new MutableClock();
    try (FileCache cache = FileCache.open(persistent(dir()).ttl(Duration.ofHours(1)).clock(clock).build())) {
      Sha256 sha = put(cache, "ref", bytes(10, 1));
      clock.advance(Duration.ofMinutes(59));
      assertThat(get(cache, "ref", sha)).hasSize(10);
      clock.advance(Duration.ofMinutes(2));
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(cache.stats().entries()).isZero();
    }
  }

  @Test
  void open_persistentReopened_entriesSurvive() throws Exception {
    byte[] data = bytes(3000, 5);
    Sha256 sha;
    try (FileCache cache = open()) {
      sha = put(cache, "ref", data);
    }
    try (FileCache cache = open()) {
      assertThat(cache.stats().entries()).isEqualTo(1);
      assertThat(cache.stats().bytes()).isEqualTo(3000);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void close_ephemeralCache_directoryRemoved() throws Exception {
    Path root;
    try (FileCache cache = FileCache.open(CacheConfig.defaults())) {
      Sha256 sha = put(cache, "ref", bytes(10, 1));
      assertThat(get(cache, "ref", sha)).hasSize(10);
      root = cache.files().directory();
      assertThat(root).isDirectory();
      assertThat(mode(root)).isEqualTo(0700);
    }
    assertThat(root).doesNotExist();
  }

  @Test
  void clear_removesEverything() throws Exception {
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(10, 1));
      cache.clear();
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(cache.stats().entries()).isZero();
      assertThat(get(cache, "ref", put(cache, "ref", bytes(10, 1)))).hasSize(10);
    }
  }

  @Test
  void put_fromPath_storesFileContent() throws Exception {
    byte[] data = bytes(777, 9);
    Path source = Files.write(tmp.resolve("source.bin"), data);
    try (FileCache cache = open()) {
      assertThat(get(cache, "ref", cache.put(NS, "ref", source))).isEqualTo(data);
    }
  }

  @Test
  void put_invalidNamespaceOrKey_rejectedWithTheRule() throws Exception {
    try (FileCache cache = open()) {
      assertThatThrownBy(() -> put(cache, "", new byte[1])).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("key must not be empty");
      assertThatThrownBy(() -> cache.put("a\0b", "k", new ByteArrayInputStream(new byte[1])))
          .hasMessage("namespace must not hold a NUL character");
      assertThatThrownBy(() -> put(cache, "x".repeat(1025), new byte[1])).hasMessageContaining("at most 1024 bytes");
    }
  }

  @Test
  void transferTo_fileChannel_sameBytesAsTheStream() throws Exception {
    byte[] data = bytes(1_500_000, 7);
    try (FileCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      Path target = tmp.resolve("out.bin");
      try (VerifiedEntry e = cache.get(NS, "ref", sha);
          java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(target,
              java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        assertThat(e.transferTo(ch)).isEqualTo(data.length);
      }
      assertThat(Files.readAllBytes(target)).isEqualTo(data);
    }
  }

  @Test
  void close_entryAlreadyReturned_staysReadableUntilClosed() throws Exception {
    byte[] data = bytes(300_000, 6);
    VerifiedEntry e;
    try (FileCache cache = open()) {
      e = cache.get(NS, "ref", put(cache, "ref", data));
    }
    assertThat(e.readAllBytes()).isEqualTo(data);
    e.close();
    assertThatThrownBy(e::readAllBytes).isInstanceOf(java.io.IOException.class);
  }
}
