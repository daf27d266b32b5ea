package dev.sectools.bench;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a 4 KiB secret from a file: {@link ConfinedRoot#readToBuffer(String, ReadOptions)} (a
 * confined open, then {@code pread} straight into locked, guarded memory) and closing the buffer,
 * against {@link Files#readAllBytes(Path)} into a heap array. The file sits in the page cache.
 *
 * <p>Target: secure/JDK at most 1.5.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SecureBufferReadBenchmark {
  static final String FILE_NAME = "secret.bin";
  static final int SIZE_BYTES = 4096;

  private ScratchDir dir;
  private Path file;
  private ConfinedRoot root;
  private final ReadOptions options = ReadOptions.defaults();

  /** Writes the 4 KiB file and opens its directory as a root. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = ScratchDir.create("sectools-bench-secret-");
    file = dir.path().resolve(FILE_NAME);
    byte[] data = new byte[SIZE_BYTES];
    Arrays.fill(data, (byte) 0xa5);
    Files.write(file, data);
    root = ConfinedRoot.open(dir.path());
  }

  /** Closes the root and removes the directory. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try {
      root.close();
    } finally {
      dir.close();
    }
  }

  /** sectools: read into a secure buffer, then wipe and free it. */
  @Benchmark
  public int readToBuffer() throws IOException {
    try (SecureBuffer b = root.readToBuffer(FILE_NAME, options)) {
      return b.length();
    }
  }

  /** Baseline: the JDK's unconfined read into a heap array. */
  @Benchmark
  public byte[] jdk() throws IOException {
    return Files.readAllBytes(file);
  }
}
