package dev.sectools.bench;

import dev.sectools.memory.SecureBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The life of a short secret: {@link SecureBuffer#allocate(int)}, fill, {@link SecureBuffer#close()}
 * (zero, canary check, free) against a {@code byte[]} allocated and filled with
 * {@link Arrays#fill(byte[], byte)} (which is neither locked nor ever wiped).
 *
 * <p>The secure buffer is filled with {@link SecureBuffer#copyFrom(int, byte[], int, int)} from a
 * prepared array (a {@code memcpy}); the array with {@code Arrays.fill} (a {@code memset}): both are
 * one bulk write. A 32-byte buffer comes from a locked slab chunk that is kept between calls, so
 * no system call is made; a 4 KiB buffer gets a mapping of its own, so each call makes
 * {@code mmap}, {@code mprotect}, two {@code madvise}, {@code mlock} and {@code munmap}.
 *
 * <p>Target: secure/array at most 20 for 32 bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SecureBufferBenchmark {
  static final byte FILL = 0x5a;

  /** The secret's size in bytes: 32 (slab) or 4096 (a mapping of its own). */
  @Param({"32", "4096"})
  public int sizeBytes;

  private byte[] source;

  /** Prepares the bytes the secure buffer is filled from. */
  @Setup(Level.Trial)
  public void setUp() {
    source = new byte[sizeBytes];
    Arrays.fill(source, FILL);
  }

  /** sectools: allocate locked, guarded memory, fill it, wipe and free it. */
  @Benchmark
  public int secureBuffer() {
    try (SecureBuffer b = SecureBuffer.allocate(sizeBytes)) {
      b.copyFrom(0, source, 0, sizeBytes);
      return b.length();
    }
  }

  /** Baseline: a heap array, filled. */
  @Benchmark
  public byte[] heapArray() {
    byte[] b = new byte[sizeBytes];
    Arrays.fill(b, FILL);
    return b;
  }
}
