package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on a backup file, as someone who can change it but has no key would try them: flipped
 * bytes, truncation, segments reordered, a header spliced from another store's backup. Every one
 * is refused with a typed error and leaves no store, no file and no directory behind.
 */
class BackupAttackTest {
  private static final int SEGMENT = 1 << 20; // AES256_GCM_HKDF_1MB: ciphertext segments of 1 MiB
  private static final int TINK_HEADER = 1 + 32 + 7; // header length byte, salt, nonce prefix

  @TempDir Path tmp;
  private byte[] backup;
  private int headerLength;
  private StoreConfig target;

  // Four values of 900 KiB and many small ones: a backup of four segments.
  @BeforeEach
  void makeBackup() throws Exception {
    StoreConfig source = StoreConfig.builder(tmp.resolve("source"), new FixedKeyProvider("k")).build();
    SecureRandom random = new SecureRandom();
    try (SecretStore store = SecretStore.create(source)) {
      for (int i = 0; i < 4; i++) {
        byte[] big = new byte[900 * 1024];
        random.nextBytes(big);
        store.put("big/b" + i, big);
      }
      for (int i = 0; i < 200; i++) {
        store.put("small/s" + (i % 50), utf8("value " + i));
      }
      store.destroy("small/s3", 1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.backup(out, BackupOptions.defaults());
      backup = out.toByteArray();
    }
    headerLength = 8 + 2 + 4 + ByteBuffer.wrap(backup, 10, 4).getInt();
    target = StoreConfig.builder(tmp.resolve("target"), new FixedKeyProvider("k")).build();
    assertThat(backup.length).isGreaterThan(3 * SEGMENT);
  }

  // Every header byte, both sides of every segment boundary, a stride over the whole, the end.
  private TreeSet<Integer> offsets(int stride) {
    TreeSet<Integer> out = new TreeSet<>();
    for (int i = 0; i < headerLength + TINK_HEADER + 16; i++) {
      out.add(i);
    }
    for (int boundary = headerLength + SEGMENT; boundary < backup.length; boundary += SEGMENT) {
      for (int d = -20; d <= 20; d++) {
        out.add(boundary + d);
      }
    }
    for (int i = 0; i < backup.length; i += stride) {
      out.add(i);
    }
    for (int i = backup.length - 64; i < backup.length; i++) {
      out.add(i);
    }
    out.removeIf(i -> i < 0 || i >= backup.length);
    return out;
  }

  @Test
  void restore_byteFlippedAtAnyOffset_refusedTargetUntouched() {
    TreeSet<Integer> offsets = offsets(64 * 1024);
    for (int offset : offsets) {
      byte[] bad = backup.clone();
      bad[offset] ^= (byte) (1 << (offset % 8));
      assertRefused(bad, "byte flipped at " + offset);
    }
    System.out.printf("flipped %d offsets of %d bytes: all refused%n", offsets.size(), backup.length);
  }

  @Test
  void restore_truncatedAtAnyOffset_refusedTargetUntouched() {
    TreeSet<Integer> lengths = offsets(64 * 1024);
    for (int length : lengths) {
      assertRefused(Arrays.copyOf(backup, length), "truncated to " + length);
    }
    System.out.printf("truncated at %d lengths of %d bytes: all refused%n", lengths.size(), backup.length);
  }

  @Test
  void restore_trailingBytesAppended_refused() {
    assertRefused(Arrays.copyOf(backup, backup.length + 1), "one byte appended");
    byte[] doubled = Arrays.copyOf(backup, 2 * backup.length);
    System.arraycopy(backup, 0, doubled, backup.length, backup.length);
    assertRefused(doubled, "backup appended to itself");
  }

  @Test
  void restore_segmentsSwapped_refused() {
    int first = headerLength + SEGMENT;
    byte[] bad = backup.clone();
    System.arraycopy(backup, first, bad, first + SEGMENT, SEGMENT);
    System.arraycopy(backup, first + SEGMENT, bad, first, SEGMENT);
    assertRefused(bad, "segments 2 and 3 swapped");
  }

  @Test
  void restore_segmentDropped_refused() {
    int first = headerLength + SEGMENT;
    byte[] bad = new byte[backup.length - SEGMENT];
    System.arraycopy(backup, 0, bad, 0, first);
    System.arraycopy(backup, first + SEGMENT, bad, first, backup.length - first - SEGMENT);
    assertRefused(bad, "segment 2 dropped");
  }

  @Test
  void restore_headerSplicedFromAnotherStoresBackup_refused() throws Exception {
    byte[] other;
    try (SecretStore store = SecretStore.create(StoreConfig.builder(tmp.resolve("other"),
        new FixedKeyProvider("k")).build())) {
      store.put("small/s1", utf8("theirs"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.backup(out, BackupOptions.defaults());
      other = out.toByteArray();
    }
    int otherHeader = 8 + 2 + 4 + ByteBuffer.wrap(other, 10, 4).getInt();
    byte[] spliced = new byte[otherHeader + backup.length - headerLength];
    System.arraycopy(other, 0, spliced, 0, otherHeader);
    System.arraycopy(backup, headerLength, spliced, otherHeader, backup.length - headerLength);
    assertRefused(spliced, "their header, our stream");
  }

  @Test
  void restore_untamperedBackup_restoresAfterAllTheAttacks() throws Exception {
    try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(backup), target,
        target.keyProvider(), Progress.NONE)) {
      assertThat(read(restored, "small/s49")).isEqualTo("value 199");
      assertThat(restored.get("big/b2").length()).isEqualTo(900 * 1024);
    }
  }

  private void assertRefused(byte[] bytes, String what) {
    Throwable thrown = catchThrowable(() -> SecretStore.restore(new ByteArrayInputStream(bytes), target,
        target.keyProvider(), Progress.NONE).close());
    assertThat(thrown).as(what).isNotNull()
        .isInstanceOfAny(IntegrityException.class, BackupFormatException.class, StoreAccessDeniedException.class);
    assertThat(target.directory()).as(what).doesNotExist();
  }
}
