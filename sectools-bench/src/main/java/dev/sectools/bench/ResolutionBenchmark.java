package dev.sectools.bench;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.Resolution;
import dev.sectools.fs.RootOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
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
 * The cost of confinement as paths get deeper: a confined read of a 64-byte file whose path has
 * {@link #depth} components ({@code file}, {@code d0/d1/d2/file}, …), resolved by the kernel
 * ({@link Resolution#OPENAT2}, one system call) or by sectools
 * ({@link Resolution#DESCRIPTOR_WALK}, one {@code openat} and one {@code close} per component).
 *
 * <p>No target: the figures show what the fallback costs where {@code openat2} is missing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class ResolutionBenchmark {
  static final int SIZE_BYTES = 64;

  /** Components in the path, the file name included: 1 is a file directly in the root. */
  @Param({"1", "4", "16"})
  public int depth;

  /** How the root resolves paths. */
  @Param({"OPENAT2", "DESCRIPTOR_WALK"})
  public Resolution resolution;

  private ScratchDir dir;
  private ConfinedRoot root;
  private String path;

  /** Creates {@code d0/…/d(depth-2)/file} and opens the root with {@link #resolution}. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = ScratchDir.create("sectools-bench-resolve-");
    path = pathOfDepth(depth);
    Path file = dir.path().resolve(path);
    Path parent = Objects.requireNonNull(file.getParent(), "a file in the scratch directory");
    Files.createDirectories(parent);
    Files.write(file, new byte[SIZE_BYTES]);
    try {
      root = ConfinedRoot.open(dir.path(), RootOptions.builder().resolution(resolution).build());
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /** Closes the root and removes the directory tree. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try {
      root.close();
    } finally {
      dir.close();
    }
  }

  /** A confined read of the file at {@link #depth}. */
  @Benchmark
  public byte[] read() throws IOException {
    return root.read(path);
  }

  static String pathOfDepth(int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1, was " + depth);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth - 1; i++) {
      sb.append('d').append(i).append('/');
    }
    return sb.append("file").toString();
  }
}
