package dev.sectools.bench;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-file reads: {@link ConfinedRoot#read(String, ReadOptions)} against
 * {@link Files#readAllBytes(Path)} on the same file, for a small (4 KiB) and a large (16 MiB) file
 * that sit in the page cache.
 *
 * <p>The confined read resolves the name beneath the root descriptor (the default
 * {@link dev.sectools.fs.Resolution#AUTO}, which is {@code openat2} on Linux 5.6+), checks that
 * it opened a regular file, and reads it up to the cap. The cap is raised to 32 MiB for both sizes
 * so the 16 MiB file is read under the same options as the small one. The contents matter to
 * neither read, so they are one repeated byte.
 *
 * <p>Targets: confined/JDK at most 1.5 for 4 KiB (fixed costs dominate) and at most 1.05 for
 * 16 MiB (copying dominates).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class ConfinedReadBenchmark {
  static final String FILE_NAME = "data.bin";
  static final long MAX_SIZE_BYTES = 32L * 1024 * 1024;

  /** The file's size in bytes: 4 KiB or 16 MiB. */
  @Param({"4096", "16777216"})
  public int sizeBytes;

  private ScratchDir dir;
  private Path file;
  private ConfinedRoot root;
  private ReadOptions options;

  /** Writes a file of {@link #sizeBytes} random bytes and opens the directory as a root. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = ScratchDir.create("sectools-bench-read-");
    file = dir.path().resolve(FILE_NAME);
    byte[] data = new byte[sizeBytes];
    Arrays.fill(data, (byte) 0xa5);
    Files.write(file, data);
    root = ConfinedRoot.open(dir.path());
    options = ReadOptions.builder().maxSizeBytes(MAX_SIZE_BYTES).build();
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

  /** sectools: a confined read of the file. */
  @Benchmark
  public byte[] confined() throws IOException {
    return root.read(FILE_NAME, options);
  }

  /** Baseline: the JDK's unconfined read of the same file. */
  @Benchmark
  public byte[] jdk() throws IOException {
    return Files.readAllBytes(file);
  }
}
