package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.contentFile;
import static dev.sectools.cache.TestCaches.flipByte;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.isRoot;
import static dev.sectools.cache.TestCaches.mode;
import static dev.sectools.cache.TestCaches.onlyIndexFile;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static dev.sectools.cache.TestCaches.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.temp.ExistingDirectoryPolicy;
import dev.sectools.temp.InsecureDirectoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on the plain file cache's files, each test named after the attack it tries. */
class FileCacheAttackTest {
  private static final int READERS = 2;
  private static final int GETS_PER_READER = 1500;

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("cache");
  }

  private VerifiedCache open() throws Exception {
    return TestCaches.open(persistent(dir()));
  }

  private static void assertCorruptThenMissThenHealed(VerifiedCache cache, Sha256 sha, byte[] data) throws Exception {
    assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class)
        .hasMessage("cache entry failed verification");
    assertThatThrownBy(() -> cache.get(NS, "ref", sha)).as("removed when found").isInstanceOf(CacheMissException.class);
    put(cache, "ref", data);
    assertThat(get(cache, "ref", sha)).as("the next put heals it").isEqualTo(data);
    assertThat(cache.stats().corruptions()).isEqualTo(1);
  }

  @Test
  void get_byteFlippedInStoredFile_corruptionRemovedHealedByPut() throws Exception {
    byte[] data = bytes(400_000, 1);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      flipByte(contentFile(dir(), sha), 300_000);
      assertCorruptThenMissThenHealed(cache, sha, data);
      assertThat(contentFile(dir(), sha)).hasBinaryContent(data);
    }
  }

  @Test
  void get_bytesAppendedToStoredFile_corruption() throws Exception {
    byte[] data = bytes(1000, 2);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      Files.write(contentFile(dir(), sha), new byte[] {0}, StandardOpenOption.APPEND);
      assertCorruptThenMissThenHealed(cache, sha, data);
    }
  }

  @Test
  void get_storedFileTruncated_corruption() throws Exception {
    byte[] data = bytes(600_000, 3);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      try (FileChannel ch = FileChannel.open(contentFile(dir(), sha), StandardOpenOption.WRITE)) {
        ch.truncate(599_999);
      }
      assertCorruptThenMissThenHealed(cache, sha, data);
    }
  }

  @Test
  void get_symlinkPlantedAtContentName_corruptionLinkRemovedTargetUntouched() throws Exception {
    byte[] data = bytes(100, 4);
    Path secret = Files.write(tmp.resolve("secret"), data); // same bytes: a followed link would "verify"
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      Path content = contentFile(dir(), sha);
      Files.delete(content);
      Files.createSymbolicLink(content, secret);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      assertThat(Files.exists(content, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(secret).hasBinaryContent(data);
    }
  }

  @Test
  void get_hardLinkPlantedAtContentName_corruption() throws Exception {
    byte[] data = bytes(100, 5);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      Path content = contentFile(dir(), sha);
      Files.delete(content);
      Path outside = Files.write(tmp.resolve("outside"), data);
      Files.createLink(content, outside);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
      assertThat(outside).hasBinaryContent(data);
    }
  }

  @Test
  void get_fifoPlantedAtContentName_corruptionWithoutBlocking() throws Exception {
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(100, 6));
      Path content = contentFile(dir(), sha);
      Files.delete(content);
      run("mkfifo", content.toString());
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheCorruptionException.class);
    }
  }

  @Test
  void get_wrongContentPlantedUnderRightName_corruption() throws Exception {
    byte[] data = bytes(2000, 7);
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", data);
      Path content = contentFile(dir(), sha);
      Path planted = Files.write(tmp.resolve("planted"), bytes(2000, 8));
      Files.move(planted, content, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      assertCorruptThenMissThenHealed(cache, sha, data);
    }
  }

  @Test
  void get_indexRecordForgedToPointAtOtherContent_missNeverWrongAnswer() throws Exception {
    byte[] wanted = bytes(100, 9);
    byte[] other = bytes(100, 10);
    try (VerifiedCache cache = open()) {
      Sha256 wantedSha = put(cache, "ref", wanted);
      byte[] wantedRecord = Files.readAllBytes(onlyIndexFile(dir()));
      Path wantedName = onlyIndexFile(dir());
      cache.invalidate(NS, "ref");
      put(cache, "other", other);
      byte[] otherRecord = Files.readAllBytes(onlyIndexFile(dir()));
      // the attacker copies a valid record of another key under ref's name: parsed, but names another key
      Files.write(wantedName, otherRecord);
      assertThatThrownBy(() -> cache.get(NS, "ref", wantedSha)).isInstanceOf(CacheMissException.class);
      // and ref's own record, back where it was, but its content is gone: a miss too
      Files.write(wantedName, wantedRecord);
      assertThatThrownBy(() -> cache.get(NS, "ref", wantedSha)).isInstanceOf(CacheMissException.class);
    }
  }

  /**
   * A get of a key this process knows opens the content by the SHA-256 asked for and reads it
   * while the index is looked up alongside (entries up to 4 MiB); otherwise it looks up first. A
   * second cache over the same directory, opened before the first one changes a key, plays the
   * other process whose knowledge has gone stale: both must see what the index says. Here content
   * still cached under another key is a miss for an invalidated key, whatever shares its bytes.
   */
  @Test
  void get_invalidatedKeyWhoseContentAnotherKeyKeeps_missNeverTheBytes() throws Exception {
    for (int size : new int[] {300_000, 5 * 1024 * 1024}) {
      byte[] data = bytes(size, 21);
      Path dir = tmp.resolve("shared-" + size);
      try (VerifiedCache writer = TestCaches.open(persistent(dir))) {
        Sha256 sha = put(writer, "a", data);
        put(writer, "b", data);
        try (VerifiedCache stale = TestCaches.open(persistent(dir))) {
          assertThat(writer.invalidate(NS, "a")).isTrue();
          for (VerifiedCache cache : List.of(writer, stale)) {
            assertThatThrownBy(() -> cache.get(NS, "a", sha)).as("size %d", size)
                .isInstanceOf(CacheMissException.class);
            assertThat(get(cache, "b", sha)).isEqualTo(data);
            assertThat(cache.stats().misses()).isEqualTo(1);
            assertThat(cache.stats().corruptions()).isZero();
          }
        }
      }
    }
  }

  /**
   * A key that now holds other content is a miss for the content it held before, even though
   * those bytes are still cached, intact, under another key: a hit means this key holds them. For
   * the process that wrote the change and for one that still believes the old content.
   */
  @Test
  void get_keyNowHoldsOtherContent_missForTheOldContentThoughCachedElsewhere() throws Exception {
    for (int size : new int[] {300_000, 5 * 1024 * 1024}) {
      byte[] old = bytes(size, 24);
      Path dir = tmp.resolve("moved-" + size);
      try (VerifiedCache writer = TestCaches.open(persistent(dir))) {
        Sha256 oldSha = put(writer, "ref", old);
        put(writer, "keeper", old);
        try (VerifiedCache stale = TestCaches.open(persistent(dir))) {
          put(writer, "ref", bytes(size, 25));
          for (VerifiedCache cache : List.of(writer, stale)) {
            assertThatThrownBy(() -> cache.get(NS, "ref", oldSha)).as("size %d", size)
                .isInstanceOf(CacheMissException.class);
            assertThat(get(cache, "keeper", oldSha)).isEqualTo(old);
          }
        }
      }
    }
  }

  /**
   * A key asked for content it no longer holds, when that content is in the cache under another
   * key but corrupt: a miss for this key (even for a process that still believes the key holds it,
   * and so reads the content before its lookup comes back), no corruption counted, nothing
   * removed; the key that holds the content then finds the corruption.
   */
  @Test
  void get_corruptContentOfAnotherKey_missForThisKeyCorruptionForThatOne() throws Exception {
    for (int size : new int[] {300_000, 5 * 1024 * 1024}) {
      Path dir = tmp.resolve("other-" + size);
      byte[] shared = bytes(size, 23);
      try (VerifiedCache writer = TestCaches.open(persistent(dir))) {
        Sha256 sharedSha = put(writer, "ref", shared);
        put(writer, "other", shared);
        try (VerifiedCache stale = TestCaches.open(persistent(dir))) {
          put(writer, "ref", bytes(size, 22));
          flipByte(contentFile(dir, sharedSha), size / 2);
          for (VerifiedCache cache : List.of(stale, writer)) {
            assertThatThrownBy(() -> cache.get(NS, "ref", sharedSha)).as("size %d", size)
                .isInstanceOf(CacheMissException.class);
            assertThat(cache.stats().corruptions()).isZero();
            assertThat(contentFile(dir, sharedSha)).exists();
          }
          assertThatThrownBy(() -> writer.get(NS, "other", sharedSha)).isInstanceOf(CacheCorruptionException.class);
          assertThat(contentFile(dir, sharedSha)).doesNotExist();
          assertThat(writer.stats().corruptions()).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void get_indexRecordByteFlipped_missAndRecordRemoved() throws Exception {
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(100, 11));
      Path record = onlyIndexFile(dir());
      byte[] b = Files.readAllBytes(record);
      b[b.length / 2] ^= 0x40;
      Files.write(record, b);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(record).doesNotExist();
    }
  }

  @Test
  void get_indexRecordReplacedBySymlinkToForeignFile_missLinkNotFollowed() throws Exception {
    try (VerifiedCache cache = open()) {
      Sha256 sha = put(cache, "ref", bytes(100, 12));
      Path record = onlyIndexFile(dir());
      Path foreign = Files.write(tmp.resolve("foreign"), Files.readAllBytes(record));
      Files.delete(record);
      Files.createSymbolicLink(record, foreign);
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(foreign).exists();
    }
  }

  @Test
  void put_contentDirectoryReplacedBySymlinkOutside_refusedNothingWrittenOutside() throws Exception {
    byte[] data = bytes(100, 13);
    Sha256 sha = Sha256.of(data);
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    try (VerifiedCache cache = open()) {
      Files.createSymbolicLink(dir().resolve("content").resolve(sha.hex().substring(0, 2)), outside);
      assertThatThrownBy(() -> put(cache, "ref", data)).isInstanceOf(IOException.class);
      try (var s = Files.list(outside)) {
        assertThat(s.toList()).isEmpty();
      }
    }
  }

  @Test
  void get_entryRewrittenInPlaceByAttackerThread_readersNeverGetWrongBytes() throws Exception {
    raceReaders((content, good, bad, round) -> {
      try (FileChannel ch = FileChannel.open(content, StandardOpenOption.WRITE)) {
        // flips one byte in the middle of the file and back: the cheapest in-place rewrite
        ch.write(ByteBuffer.wrap(round % 2 == 0 ? bad : good, 150_000, 1), 150_000);
      }
    });
  }

  @Test
  void get_entryReplacedByRenameInLoop_readersNeverGetWrongBytes() throws Exception {
    raceReaders((content, good, bad, round) -> {
      Path planted = content.resolveSibling("planted-" + round);
      Files.write(planted, round % 3 == 0 ? good : round % 3 == 1 ? bad : java.util.Arrays.copyOf(good, good.length / 2));
      Files.move(planted, content, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    });
  }

  /** The race of {@link ContentRace} against {@code get}, on an entry over one read-ahead chunk. */
  private void raceReaders(ContentRace.Attack attack) throws Exception {
    byte[] good = bytes(300_000, 20); // over one chunk: the read-ahead path
    byte[] bad = good.clone();
    bad[150_000] ^= 1;
    try (VerifiedCache cache = open()) {
      ContentRace.run(cache, contentFile(dir(), Sha256.of(good)), good, bad, READERS, GETS_PER_READER, attack,
          (c, sha, got) -> {
            try (VerifiedEntry e = c.get(NS, "ref", sha)) {
              e.transferTo(got);
            }
          });
    }
  }

  @Test
  void open_persistentDirectoryOwnedByNobody_refusedAsForeignOwner() throws Exception {
    assumeTrue(isRoot(), "chown to nobody needs root; skipped as a non-root user");
    Files.createDirectory(dir());
    run("chmod", "0700", dir().toString());
    run("chown", "nobody", dir().toString());
    for (ExistingDirectoryPolicy policy : ExistingDirectoryPolicy.values()) {
      assertThatThrownBy(() -> TestCaches.open(persistent(dir()).directoryPolicy(policy)))
          .isInstanceOfSatisfying(InsecureDirectoryException.class,
              e -> assertThat(e.problem()).isEqualTo(InsecureDirectoryException.Problem.FOREIGN_OWNER));
    }
  }

  @Test
  void open_persistentDirectoryPreparedByNobodyInChildProcess_refused() throws Exception {
    assumeTrue(isRoot(), "running a child as nobody needs root; skipped as a non-root user");
    run("chmod", "0711", tmp.toString());
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    run("chmod", "1777", shared.toString());
    Path target = shared.resolve("cache");
    // another user creates the cache directory first, as an attacker would on a shared machine
    run("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "mkdir", "-m", "0777", target.toString());
    assertThatThrownBy(() -> TestCaches.open(persistent(target).directoryPolicy(ExistingDirectoryPolicy.TIGHTEN)))
        .isInstanceOfSatisfying(InsecureDirectoryException.class,
            e -> assertThat(e.problem()).isEqualTo(InsecureDirectoryException.Problem.FOREIGN_OWNER));
    assertThat(mode(target)).as("left as it was").isEqualTo(0777);
  }

  @Test
  void open_persistentDirectoryGroupOrOtherWritable_refusedOrTightenedPerPolicy() throws Exception {
    Files.createDirectory(dir());
    run("chmod", "0777", dir().toString());
    assertThatThrownBy(() -> TestCaches.open(persistent(dir())))
        .isInstanceOfSatisfying(InsecureDirectoryException.class,
            e -> assertThat(e.problem()).isEqualTo(InsecureDirectoryException.Problem.GROUP_OR_OTHER_ACCESS));
    assertThat(mode(dir())).isEqualTo(0777);
    try (VerifiedCache cache = TestCaches.open(persistent(dir()).directoryPolicy(ExistingDirectoryPolicy.TIGHTEN))) {
      assertThat(mode(dir())).isEqualTo(0700);
      Sha256 sha = put(cache, "ref", bytes(10, 1));
      assertThat(get(cache, "ref", sha)).hasSize(10);
    }
  }

  @Test
  void open_persistentDirectoryIsSymlink_refused() throws Exception {
    Path real = Files.createDirectory(tmp.resolve("real"));
    Files.createSymbolicLink(dir(), real);
    assertThatThrownBy(() -> TestCaches.open(persistent(dir()).directoryPolicy(ExistingDirectoryPolicy.TIGHTEN)))
        .isInstanceOfSatisfying(InsecureDirectoryException.class,
            e -> assertThat(e.problem()).isEqualTo(InsecureDirectoryException.Problem.SYMLINK));
  }
}
