package dev.sectools.bench;

import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempFile;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
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
 * The life of a small temp file: create, write 4 KiB, close and delete.
 * {@link SecureTemp#createFile(String, String, TempOptions)} against
 * {@code Files.createTempFile} + {@code Files.write} + {@code Files.delete}.
 *
 * <p>sectools opens and checks the base directory (owner, sticky bit), creates the file with
 * {@code O_CREAT | O_EXCL | O_NOFOLLOW} and sets {@code 0600} with {@code fchmod}, writes through
 * the same descriptor and removes the file with {@code unlinkat} on the base descriptor. The JDK
 * baseline creates the file ({@code 0600}, {@code O_EXCL}), opens it again by name to write, and
 * deletes it by name; {@link #jdkNoTruncate()} writes without truncating. No {@code fsync} on
 * any side. Target: sectools/JDK at most 1.3.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SecureTempBenchmark {
  static final int SIZE_BYTES = 4096;

  private ScratchDir dir;
  private TempOptions options;
  private byte[] data;

  /** Makes the data and the private base directory both cases create their files in. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = ScratchDir.create("sectools-bench-temp-");
    options = TempOptions.builder().baseDirectory(dir.path()).build();
    data = new byte[SIZE_BYTES];
    new SplittableRandom(SIZE_BYTES).nextBytes(data);
  }

  /** Removes the base directory. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    dir.close();
  }

  Path scratchPath() {
    return dir.path();
  }

  /** sectools: private, exclusive, removed through the base directory's descriptor. */
  @Benchmark
  public long secureTemp() throws IOException {
    try (TempFile file = SecureTemp.createFile("bench-", ".tmp", options)) {
      return file.channel().write(ByteBuffer.wrap(data));
    }
  }

  /** Baseline: the JDK's temp file, written ({@code Files.write}) and deleted by name. */
  @Benchmark
  public long jdk() throws IOException {
    Path file = Files.createTempFile(dir.path(), "bench-", ".tmp");
    Files.write(file, data);
    Files.delete(file);
    return data.length;
  }

  /**
   * Second baseline: as {@link #jdk()}, but written through a channel opened without
   * {@code O_TRUNC}. {@code Files.write} truncates, and ext4 then starts writeback of the file
   * when it is closed ({@code auto_da_alloc}), which dominates {@link #jdk()} on ext4.
   */
  @Benchmark
  public long jdkNoTruncate() throws IOException {
    Path file = Files.createTempFile(dir.path(), "bench-", ".tmp");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        out.write(buf);
      }
    }
    Files.delete(file);
    return data.length;
  }
}
