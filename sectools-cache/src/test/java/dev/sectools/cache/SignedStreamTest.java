package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.contentFile;
import static dev.sectools.cache.TestCaches.flipByte;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signed file cache's fast check: per-chunk Poly1305 tags, and {@link VerifiedCache#openStream}
 * releasing chunks only once they pass. Each attack test names the attack.
 */
class SignedStreamTest {
  private static final int CHUNK = 256 * 1024;

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("cache");
  }

  private VerifiedCache open() throws Exception {
    // ALWAYS: the tags are tested on every CPU, not only where AUTO would choose them
    return TestCaches.open(persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256)
        .chunkTagging(CacheConfig.ChunkTagging.ALWAYS));
  }

  /** Reads {@code in} to its end in odd-sized pieces, keeping what it returned even if it then fails. */
  private static byte[] readPieces(InputStream in, ByteArrayOutputStream got) throws IOException {
    byte[] buf = new byte[7_777];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      got.write(buf, 0, n);
    }
    return got.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17})
  void openStream_anySize_returnsExactlyTheBytesByReadTransferToAndSingleBytes(int size) throws Exception {
    byte[] data = bytes(size, size);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThat(readPieces(in, new ByteArrayOutputStream())).isEqualTo(data);
        assertThat(in.read()).isEqualTo(-1);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThat(in.transferTo(out)).isEqualTo(size);
      }
      assertThat(out.toByteArray()).isEqualTo(data);
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        int first = in.read();
        assertThat(first).isEqualTo(size == 0 ? -1 : data[0] & 0xff);
      }
      assertThat(get(cache, "ref", sha)).as("get checks the same tags").isEqualTo(data);
      assertThat(cache.stats().hits()).isEqualTo(4);
    }
  }

  @Test
  void openStream_byteFlippedInThirdChunk_prefixThenCorruptionEntryRemovedPutHeals() throws Exception {
    byte[] data = bytes(4 * CHUNK, 1);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      flipByte(contentFile(dir(), sha), 2 * CHUNK + 5);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThatThrownBy(() -> readPieces(in, got)).isInstanceOf(CacheStreamCorruptionException.class)
            .hasCauseInstanceOf(CacheCorruptionException.class);
        assertThatThrownBy(in::read).as("stays failed").isInstanceOf(CacheStreamCorruptionException.class);
      }
      assertThat(got.size()).as("the two good chunks, nothing of the bad one").isEqualTo(2 * CHUNK);
      assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(data, 2 * CHUNK));
      assertThat(cache.stats().corruptions()).isEqualTo(1);
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).as("removed when found")
          .isInstanceOf(CacheMissException.class);
      put(cache, "ref", data);
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void get_byteFlippedInLastChunk_corruptionNothingReturned() throws Exception {
    byte[] data = bytes(2 * CHUNK + 100, 2);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      flipByte(contentFile(dir(), sha), 2 * CHUNK + 99);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void openStream_chunksSwappedInStoredFile_corruptionAtFirstChunk() throws Exception {
    byte[] data = bytes(2 * CHUNK, 3);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      byte[] swapped = new byte[data.length];
      System.arraycopy(data, CHUNK, swapped, 0, CHUNK);
      System.arraycopy(data, 0, swapped, CHUNK, CHUNK);
      overwrite(contentFile(dir(), sha), swapped);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThatThrownBy(() -> readPieces(in, got)).isInstanceOf(CacheStreamCorruptionException.class);
      }
      assertThat(got.size()).isZero();
    }
  }

  @Test
  void openStream_otherEntrysBytesPlantedUnderItsName_corruption() throws Exception {
    byte[] mine = bytes(CHUNK + 10, 4);
    byte[] other = bytes(CHUNK + 10, 5);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", mine);
      Sha256 otherSha = put(cache, "other", other);
      overwrite(contentFile(dir(), sha), Files.readAllBytes(contentFile(dir(), otherSha)));
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThatThrownBy(() -> in.transferTo(OutputStream.nullOutputStream()))
            .isInstanceOf(CacheStreamCorruptionException.class);
      }
      assertThat(get(cache, "other", otherSha)).as("the other entry is untouched").isEqualTo(other);
    }
  }

  @Test
  void openStream_storedFileTruncatedOrExtended_corruptionBeforeAnyByte() throws Exception {
    byte[] data = bytes(CHUNK + 10, 6);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      overwrite(contentFile(dir(), sha), Arrays.copyOf(data, data.length - 1));
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      put(cache, "ref", data);
      overwrite(contentFile(dir(), sha), Arrays.copyOf(data, data.length + 1));
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      assertThat(cache.stats().corruptions()).isEqualTo(2);
    }
  }

  @Test
  void openStream_fileGrowsAfterOpen_corruptionInsteadOfEnd() throws Exception {
    byte[] data = bytes(40 * CHUNK, 7); // the read-ahead holds a few chunks: it cannot reach the end first
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        byte[] buf = new byte[1000];
        got.write(buf, 0, in.read(buf)); // the size was checked at open; now it changes
        Files.write(contentFile(dir(), sha), new byte[] {1}, StandardOpenOption.APPEND);
        assertThatThrownBy(() -> readPieces(in, got)).isInstanceOf(CacheStreamCorruptionException.class);
      }
      assertThat(got.toByteArray()).as("all of the entry, then the error instead of the end")
          .isEqualTo(data);
    }
  }

  @Test
  void openStream_closedHalfWay_laterReadsFailAndNothingLeaks() throws Exception {
    byte[] data = bytes(8 * CHUNK, 8);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      for (int i = 0; i < 200; i++) {
        InputStream in = cache.openStream(NS, "ref", sha);
        assertThat(in.read()).isEqualTo(data[0] & 0xff);
        in.close();
        in.close();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
      }
      assertThat(get(cache, "ref", sha)).isEqualTo(data);
    }
  }

  @Test
  void openStream_wrongSha_missAndNoStreamOpened() throws Exception {
    try (VerifiedCache cache = open()) {
      put(cache, "ref", bytes(100, 9));
      Sha256 other = Sha256.of(new byte[] {1});
      assertThatThrownBy(() -> cache.openStream(NS, "ref", other)).isInstanceOf(CacheMissException.class);
      assertThatThrownBy(() -> cache.openStream(NS, "none", other)).isInstanceOf(CacheMissException.class);
      assertThat(cache.stats().misses()).isEqualTo(2);
    }
  }

  @Test
  void openStream_otherVariants_returnTheBytesPlainOneVerifiedWholeFirst() throws Exception {
    byte[] data = bytes(CHUNK + 3, 10);
    List<CacheConfig.Builder> variants = List.of(
        persistent(tmp.resolve("plain")),
        persistent(tmp.resolve("enc")).encryption(CacheConfig.Encryption.AES256_GCM),
        persistent(tmp.resolve("encsig")).encryption(CacheConfig.Encryption.AES256_GCM)
            .signing(CacheConfig.Signing.HMAC_SHA256),
        CacheConfig.builder().backend(CacheConfig.Backend.MEMORY),
        CacheConfig.builder().backend(CacheConfig.Backend.MEMORY).signing(CacheConfig.Signing.HMAC_SHA256));
    for (CacheConfig.Builder b : variants) {
      try (VerifiedCache cache = TestCaches.open(b)) {
        Sha256 sha = put(cache, "ref", data);
        try (InputStream in = cache.openStream(NS, "ref", sha)) {
          assertThat(in.readAllBytes()).as(cache.toString()).isEqualTo(data);
        }
      }
    }
    try (VerifiedCache plain = TestCaches.open(persistent(tmp.resolve("plain")))) {
      Sha256 sha = put(plain, "ref", data);
      flipByte(contentFile(tmp.resolve("plain"), sha), CHUNK + 1);
      assertThatThrownBy(() -> plain.openStream(NS, "ref", sha)).as("checked whole before it returns")
          .isInstanceOf(CacheCorruptionException.class);
    }
  }

  @Test
  void openStream_chunkTaggingNever_wholeEntryCheckedBeforeItReturns() throws Exception {
    byte[] data = bytes(3 * CHUNK, 11);
    try (VerifiedCache cache = TestCaches.open(persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256)
        .chunkTagging(CacheConfig.ChunkTagging.NEVER))) {
      Sha256 sha = put(cache, "ref", data);
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      flipByte(contentFile(dir(), sha), 2 * CHUNK + 1);
      assertThatThrownBy(() -> cache.openStream(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
    }
  }

  @Test
  void openStream_entriesWrittenWithTagsThenOpenedWithTaggingNever_stillCheckedByTags() throws Exception {
    byte[] data = bytes(2 * CHUNK, 12);
    com.google.crypto.tink.KeysetHandle keyset = SignedCacheTest.newKeyset();
    Sha256 sha;
    try (VerifiedCache cache = TestCaches.open(persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256, keyset)
        .chunkTagging(CacheConfig.ChunkTagging.ALWAYS))) {
      sha = put(cache, "ref", data);
    }
    flipByte(contentFile(dir(), sha), CHUNK + 1);
    try (VerifiedCache cache = TestCaches.open(persistent(dir()).signing(CacheConfig.Signing.HMAC_SHA256, keyset)
        .chunkTagging(CacheConfig.ChunkTagging.NEVER))) {
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try (InputStream in = cache.openStream(NS, "ref", sha)) {
        assertThatThrownBy(() -> readPieces(in, got)).isInstanceOf(CacheStreamCorruptionException.class);
      }
      assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(data, CHUNK));
    }
  }

  @Test
  void openStream_entryRewrittenInPlaceByAttackerThread_readersGetRightPrefixOrException() throws Exception {
    raceStreams((content, good, bad, round) -> {
      try (FileChannel ch = FileChannel.open(content, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(round % 2 == 0 ? bad : good, CHUNK + 7, 1), CHUNK + 7);
      }
    });
  }

  @Test
  void openStream_entryReplacedTruncatedOrExtendedByRenameInLoop_readersGetRightPrefixOrException()
      throws Exception {
    raceStreams((content, good, bad, round) -> {
      Path planted = content.resolveSibling("planted-" + round);
      int kind = (int) (round % 4);
      Files.write(planted, kind == 0 ? good : kind == 1 ? bad
          : kind == 2 ? Arrays.copyOf(good, CHUNK + 3) : Arrays.copyOf(good, good.length + 1));
      Files.move(planted, content, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    });
  }

  /** The race of {@link ContentRace} against {@code openStream}: a reader may get a prefix, then an exception. */
  private void raceStreams(ContentRace.Attack attack) throws Exception {
    byte[] good = bytes(3 * CHUNK + 5, 20);
    byte[] bad = good.clone();
    bad[CHUNK + 7] ^= 1;
    try (VerifiedCache cache = open()) {
      ContentRace.run(cache, contentFile(dir(), Sha256.of(good)), good, bad, 4, 1_500, attack, (c, sha, got) -> {
        try (InputStream in = c.openStream(NS, "ref", sha)) {
          readPieces(in, got);
        }
      });
    }
  }

  /** Rewrites the file in place (same inode), as an attacker with write access to it would. */
  private static void overwrite(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(ByteBuffer.wrap(bytes));
    }
  }
}
