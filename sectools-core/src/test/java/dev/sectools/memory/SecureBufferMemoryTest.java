package dev.sectools.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the kernel says about a buffer's memory ({@code /proc/self/smaps}), and what happens when
 * something writes outside a buffer: real mappings, real writes past the end.
 */
class SecureBufferMemoryTest {

  /** One mapping of {@code /proc/self/smaps}: its range, permissions and fields. */
  record Vma(long start, long end, String perms, long lockedKb, List<String> flags) {}

  static List<Vma> smaps() throws IOException {
    List<Vma> vmas = new ArrayList<>();
    long start = 0;
    long end = 0;
    String perms = "";
    long locked = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
      if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
        String[] parts = line.split("\\s+");
        String[] range = parts[0].split("-");
        start = Long.parseUnsignedLong(range[0], 16);
        end = Long.parseUnsignedLong(range[1], 16);
        perms = parts[1];
        locked = 0;
      } else if (line.startsWith("Locked:")) {
        locked = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("VmFlags:")) {
        vmas.add(new Vma(start, end, perms, locked, List.of(line.substring(8).trim().split("\\s+"))));
      }
    }
    return vmas;
  }

  static long address(SecureBuffer b) {
    AtomicLong address = new AtomicLong();
    b.withBytes(bb -> address.set(MemorySegment.ofBuffer(bb).address()));
    return address.get();
  }

  private static Vma containing(List<Vma> vmas, long address) {
    return vmas.stream().filter(v -> v.start() <= address && address < v.end()).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 1016, 1017, 3 * 4096 + 5})
  void allocate_anySize_mappingIsLockedUndumpableAndBetweenGuardPages(int size) throws IOException {
    try (SecureBuffer b = SecureBuffer.allocate(size)) {
      long start = address(b);
      List<Vma> vmas = smaps();
      Vma data = containing(vmas, start);
      assertThat(data.end()).isGreaterThanOrEqualTo(start + size);
      assertThat(data.perms()).startsWith("rw-p");
      assertThat(data.lockedKb()).as("Locked: in smaps").isGreaterThan(0);
      assertThat(data.flags()).as("VmFlags").contains("lo", "dd");
      assertThat(containing(vmas, data.start() - 1).perms()).as("guard page before").startsWith("---p");
      assertThat(containing(vmas, data.end()).perms()).as("guard page after").startsWith("---p");
      if (size > 1016) {
        assertThat(start + size).as("a large buffer ends at the guard page").isEqualTo(data.end());
      }
    }
  }

  // A write one byte past the end, as a buggy native library would make. It flips the byte there:
  // writing a constant would leave the canary unchanged whenever its byte happens to equal it.
  @SuppressWarnings("restricted")
  private static void writeJustPast(SecureBuffer b, long offset) {
    MemorySegment past = MemorySegment.ofAddress(address(b) + offset).reinterpret(1);
    past.set(ValueLayout.JAVA_BYTE, 0, (byte) ~past.get(ValueLayout.JAVA_BYTE, 0));
  }

  @Test
  void close_afterWritePastEndOfSmallBuffer_throwsMemoryCorruption() {
    SecureBuffer b = SecureBuffer.allocate(24); // slot of 32: 24 bytes, then the canary
    writeJustPast(b, 24);
    assertThatThrownBy(b::close).isInstanceOf(MemoryCorruptionError.class)
        .hasMessageContaining("corrupted").hasMessageContaining("24 bytes");
    assertThat(b.isClosed()).isTrue();
    b.close(); // and only once
  }

  @Test
  void close_afterWriteBeforeStartOfLargeBuffer_throwsMemoryCorruption() {
    SecureBuffer b = SecureBuffer.allocate(10_000);
    writeJustPast(b, -1);
    assertThatThrownBy(b::close).isInstanceOf(MemoryCorruptionError.class);
  }

  @Test
  void allocate_afterCorruptedSlot_neverReusesIt() {
    SecureBuffer b = SecureBuffer.allocate(40);
    long corrupted = address(b);
    writeJustPast(b, 40);
    assertThatThrownBy(b::close).isInstanceOf(MemoryCorruptionError.class);
    List<SecureBuffer> later = new ArrayList<>();
    try {
      for (int i = 0; i < 2000; i++) {
        SecureBuffer n = SecureBuffer.allocate(40);
        later.add(n);
        assertThat(address(n)).isNotEqualTo(corrupted);
      }
    } finally {
      later.forEach(SecureBuffer::close);
    }
  }

  @Test
  void allocate_manySmallBuffers_sharePagesOfOneChunk() {
    List<SecureBuffer> buffers = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        buffers.add(SecureBuffer.allocate(32));
      }
      long first = address(buffers.get(0));
      long distinctPages = buffers.stream().mapToLong(SecureBufferMemoryTest::address).map(a -> a >>> 12).distinct().count();
      assertThat(distinctPages).as("64 × 32 bytes need one or two pages, not 64").isLessThanOrEqualTo(2);
      assertThat(first).isNotZero();
    } finally {
      buffers.forEach(SecureBuffer::close);
    }
  }
}
