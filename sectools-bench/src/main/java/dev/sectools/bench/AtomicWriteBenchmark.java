package dev.sectools.bench;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.sectools.fs.ConfinedRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
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
 * Atomic, durable replacement of a 4 KiB file: {@link ConfinedRoot#write(String, byte[])} against
 * the shortest hand-written JDK code with the same guarantees.
 *
 * <p>Both write the bytes to a new {@code 0600} file in the target's directory, fsync it, rename
 * it over the target and fsync the directory, so after a crash the target holds the complete old
 * or the complete new content. sectools also confines the path, writes into an unnamed
 * {@code O_TMPFILE} inode and refuses to replace a link or non-regular file; the baseline does
 * none of that. Both cases replace an existing file on every invocation.
 *
 * <p>The two {@code fsync}s dominate, so the figures depend on the disk under the scratch
 * directory (see {@link ScratchDir}). Target: confined/baseline at most 1.1.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class AtomicWriteBenchmark {
  static final int SIZE_BYTES = 4096;
  static final String CONFINED_NAME = "confined.bin";
  static final String BASELINE_NAME = "baseline.bin";

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private ScratchDir dir;
  private Path baselineTarget;
  private Path baselineTemp;
  private ConfinedRoot root;
  private byte[] data;

  /** Makes the data, opens the root, and creates both targets so every write replaces a file. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = ScratchDir.create("sectools-bench-write-");
    baselineTarget = dir.path().resolve(BASELINE_NAME);
    baselineTemp = dir.path().resolve("." + BASELINE_NAME + ".tmp");
    data = new byte[SIZE_BYTES];
    new SplittableRandom(SIZE_BYTES).nextBytes(data);
    root = ConfinedRoot.open(dir.path());
    confined();
    baseline();
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

  Path scratchPath() {
    return dir.path();
  }

  /** sectools: confined, atomic and durable by default. */
  @Benchmark
  public void confined() throws IOException {
    root.write(CONFINED_NAME, data);
  }

  /** Baseline: temporary file, fsync, atomic rename, fsync of the directory. */
  @Benchmark
  public void baseline() throws IOException {
    try (FileChannel out = FileChannel.open(baselineTemp, Set.of(CREATE_NEW, WRITE), OWNER_ONLY)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        out.write(buf);
      }
      out.force(true);
    }
    Files.move(baselineTemp, baselineTarget, ATOMIC_MOVE, REPLACE_EXISTING);
    try (FileChannel dirChannel = FileChannel.open(dir.path(), READ)) {
      dirChannel.force(true);
    }
  }
}
