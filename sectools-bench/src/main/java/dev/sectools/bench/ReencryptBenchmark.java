package dev.sectools.bench;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
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
 * {@link SecretStore#reencrypt} of a store of {@value #SECRETS} secrets of 64 bytes after a key
 * rotation: every version moves to the new primary key, in batches. Each measured call is one
 * whole re-encryption (single shot); before each, the data key is rotated again.
 *
 * <p>Target: at most 10 s, with the heap flat. The fork runs with a 64 MiB heap, and after each
 * call the benchmark prints the heap still in use after the last garbage collection, sampled
 * after every batch: its minimum and maximum over the run. If re-encryption kept anything per
 * version, the maximum would grow with the store, and 100,000 secrets would not fit.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Xmx64m"})
@State(Scope.Benchmark)
public class ReencryptBenchmark {
  static final int SECRETS = 100_000;
  private static final int LOAD_BATCH = 1_000;

  private ScratchDir dir;
  private SecretStore store;
  private long minRetained;
  private long maxRetained;
  private long samples;

  /** Creates the store and loads it, {@value #LOAD_BATCH} secrets per transaction. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-reencrypt-");
    store = SecretStoreBenchmark.open(dir);
    SecretStoreBenchmark.load(store, SECRETS, LOAD_BATCH);
  }

  /** Adds a new primary key, so every version is under an older one. */
  @Setup(Level.Iteration)
  public void rotate() throws IOException, GeneralSecurityException {
    store.rotateKeys();
    minRetained = Long.MAX_VALUE;
    maxRetained = 0;
    samples = 0;
  }

  /** Re-encrypts every version under the new primary key. */
  @Benchmark
  public long reencrypt() throws IOException, GeneralSecurityException {
    long done = store.reencrypt((n, total) -> sample());
    if (done != SECRETS) {
      throw new IllegalStateException("re-encrypted " + done + " versions, expected " + SECRETS);
    }
    return done;
  }

  private void sample() {
    long retained = SecretStoreBenchmark.retainedHeap();
    minRetained = Math.min(minRetained, retained);
    maxRetained = Math.max(maxRetained, retained);
    samples++;
  }


  /** Prints the retained heap of the iteration just measured. */
  @TearDown(Level.Iteration)
  public void report() {
    System.out.printf("%n  heap retained after GC over %d batches: min %.1f MiB, max %.1f MiB (-Xmx64m)%n",
        samples, minRetained / 1048576.0, maxRetained / 1048576.0);
  }

  /** Closes the store and removes its files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    dir.close();
  }
}
