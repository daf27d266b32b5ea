package dev.sectools.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.SizeLimitExceededException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The buffer's contract, on real mmap'd memory, for slab-sized and mapping-sized buffers. */
class SecureBufferTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 32, 1016, 1017, 4096, 100_000})
  void copyOf_anySize_roundTripsAndIsLocked(int size) {
    byte[] data = random(size);
    try (SecureBuffer b = SecureBuffer.copyOf(data)) {
      assertThat(b.length()).isEqualTo(size);
      assertThat(b.isLocked()).isTrue();
      byte[] out = new byte[size];
      b.copyTo(out);
      assertThat(out).isEqualTo(data);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7, 1016, 5000})
  void allocate_anySize_isZeroed(int size) {
    try (SecureBuffer b = SecureBuffer.allocate(size)) {
      byte[] out = new byte[size];
      Arrays.fill(out, (byte) 1);
      b.copyTo(out);
      assertThat(out).containsOnly(size == 0 ? new byte[0] : new byte[] {0});
    }
  }

  @Test
  void allocate_reusedSlot_isZeroedAgain() {
    for (int i = 0; i < 1000; i++) {
      try (SecureBuffer b = SecureBuffer.allocate(24)) {
        byte[] out = new byte[24];
        b.copyTo(out);
        assertThat(out).containsOnly(0);
        b.copyFrom(0, random(24), 0, 24);
      }
    }
  }

  @Test
  void allocate_negativeLength_throwsNamingTheValue() {
    assertThatThrownBy(() -> SecureBuffer.allocate(-3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-3");
  }

  @Test
  void moveFrom_source_isWipedAndContentKept() {
    byte[] data = random(48);
    byte[] expected = data.clone();
    try (SecureBuffer b = SecureBuffer.moveFrom(data)) {
      assertThat(data).containsOnly(0);
      byte[] out = new byte[48];
      b.copyTo(out);
      assertThat(out).isEqualTo(expected);
    }
  }

  @Test
  void fromChars_mixedScripts_encodesUtf8LikeTheJdk() {
    String text = "pässwörd-€-\uD83D\uDD11-a";
    try (SecureBuffer b = SecureBuffer.fromChars(text.toCharArray())) {
      assertThat(b.copyToStringUnwipeable(UTF_8)).isEqualTo(text);
      assertThat(b.length()).isEqualTo(text.getBytes(UTF_8).length);
    }
  }

  @Test
  void fromChars_unpairedSurrogate_throwsNamingTheIndexOnly() {
    char[] chars = {'a', '\uD800', 'b'};
    assertThatThrownBy(() -> SecureBuffer.fromChars(chars)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unpaired surrogate at index 1");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 4096, 20_000})
  void readFromStream_underCap_readsEverything(int size) throws IOException {
    byte[] data = random(size);
    try (SecureBuffer b = SecureBuffer.readFrom(new ByteArrayInputStream(data), size)) {
      byte[] out = new byte[size];
      b.copyTo(out);
      assertThat(out).isEqualTo(data);
    }
  }

  @Test
  void readFromStream_overCap_throwsSizeLimitExceeded() {
    assertThatThrownBy(() -> SecureBuffer.readFrom(new ByteArrayInputStream(random(101)), 100))
        .isInstanceOf(SizeLimitExceededException.class)
        .satisfies(e -> assertThat(((SizeLimitExceededException) e).limitBytes()).isEqualTo(100));
  }

  @Test
  void readFromChannel_fileChannel_readsWholeFile() throws IOException {
    byte[] data = random(10_000);
    Files.write(dir.resolve("f"), data);
    try (FileChannel ch = FileChannel.open(dir.resolve("f"), StandardOpenOption.READ);
        SecureBuffer b = SecureBuffer.readFrom(ch, 1 << 20)) {
      byte[] out = new byte[data.length];
      b.copyTo(out);
      assertThat(out).isEqualTo(data);
    }
  }

  @Test
  void readFromChannel_overCap_throwsSizeLimitExceeded() {
    assertThatThrownBy(() -> SecureBuffer.readFrom(Channels.newChannel(new ByteArrayInputStream(random(11))), 10))
        .isInstanceOf(SizeLimitExceededException.class);
  }

  @Test
  void withBytes_view_isReadOnlyAndHoldsTheBytes() {
    byte[] data = random(40);
    try (SecureBuffer b = SecureBuffer.copyOf(data)) {
      b.withBytes(bb -> {
        assertThat(bb.isReadOnly()).isTrue();
        assertThat(bb.isDirect()).isTrue();
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        assertThat(out).isEqualTo(data);
        assertThatThrownBy(() -> bb.put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
      });
    }
  }

  @Test
  void withBytes_viewKeptAfterTheCall_isUnusable() {
    AtomicReference<ByteBuffer> kept = new AtomicReference<>();
    try (SecureBuffer b = SecureBuffer.copyOf(random(16))) {
      b.withWritableBytes(kept::set);
      assertThatThrownBy(() -> kept.get().get(0)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void withWritableBytes_fill_isVisibleAfterwards() {
    try (SecureBuffer b = SecureBuffer.allocate(3)) {
      b.withWritableBytes(bb -> bb.put(new byte[] {1, 2, 3}));
      byte[] out = new byte[3];
      b.copyTo(out);
      assertThat(out).containsExactly(1, 2, 3);
    }
  }

  @Test
  void writeTo_channelAndStream_writeAllBytes() throws IOException {
    byte[] data = random(20_000);
    try (SecureBuffer b = SecureBuffer.copyOf(data)) {
      ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
      b.writeTo(viaStream);
      assertThat(viaStream.toByteArray()).isEqualTo(data);
      try (FileChannel ch = FileChannel.open(dir.resolve("out"), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        b.writeTo(ch);
      }
      assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(data);
    }
  }

  @Test
  void contentEquals_sameDifferentAndOtherLength_answersByContent() {
    byte[] data = random(32);
    byte[] other = data.clone();
    other[31] ^= 1;
    try (SecureBuffer a = SecureBuffer.copyOf(data); SecureBuffer same = SecureBuffer.copyOf(data);
        SecureBuffer differs = SecureBuffer.copyOf(other);
        SecureBuffer shorter = SecureBuffer.copyOf(Arrays.copyOf(data, 31))) {
      assertThat(a.contentEquals(same)).isTrue();
      assertThat(a.contentEquals(a)).isTrue();
      assertThat(a.contentEquals(differs)).isFalse();
      assertThat(a.contentEquals(shorter)).isFalse();
      assertThat(a).isNotEqualTo(same);
    }
  }

  @Test
  void toString_anyBuffer_showsLengthOnly() {
    SecureBuffer b = SecureBuffer.copyOf("hunter2".getBytes(UTF_8));
    assertThat(b.toString()).isEqualTo("SecureBuffer[7 bytes]").doesNotContain("hunter2");
    b.close();
    assertThat(b.toString()).isEqualTo("SecureBuffer[7 bytes, closed]");
  }

  @Test
  void clear_buffer_zeroesAndStaysUsable() {
    try (SecureBuffer b = SecureBuffer.copyOf(random(64))) {
      b.clear();
      byte[] out = new byte[64];
      b.copyTo(out);
      assertThat(out).containsOnly(0);
      b.copyFrom(0, new byte[] {9}, 0, 1);
    }
  }

  @Test
  void close_twice_isHarmlessAndLaterUseThrows() {
    SecureBuffer b = SecureBuffer.copyOf(random(8));
    b.close();
    b.close();
    assertThat(b.isClosed()).isTrue();
    assertThat(b.length()).isEqualTo(8);
    assertThatThrownBy(() -> b.copyTo(new byte[8])).isInstanceOf(IllegalStateException.class)
        .hasMessage("SecureBuffer is closed");
    assertThatThrownBy(() -> b.withBytes(bb -> { })).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::clear).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.writeTo(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.copyToStringUnwipeable(UTF_8)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_insideWithBytes_freesWhenTheCallEnds() {
    SecureBuffer b = SecureBuffer.copyOf(random(8));
    b.withBytes(bb -> {
      b.close();
      assertThat(bb.get(0)).isNotNull(); // still mapped: the access in progress holds it
    });
    assertThat(b.isClosed()).isTrue();
    assertThatThrownBy(() -> b.copyTo(new byte[8])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void copyTo_outOfBounds_throws() {
    try (SecureBuffer b = SecureBuffer.allocate(4)) {
      assertThatThrownBy(() -> b.copyTo(2, new byte[4], 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> b.copyTo(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void allocate_requireLocked_succeedsWhereLockingWorks() {
    try (SecureBuffer b = SecureBuffer.allocate(32, MemoryPolicy.REQUIRE_LOCKED);
        SecureBuffer big = SecureBuffer.allocate(1 << 20, MemoryPolicy.REQUIRE_LOCKED)) {
      assertThat(b.isLocked()).isTrue();
      assertThat(big.isLocked()).isTrue();
    }
  }
}
