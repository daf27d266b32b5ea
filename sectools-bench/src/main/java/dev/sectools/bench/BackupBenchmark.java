package dev.sectools.bench;

import dev.sectools.secrets.BackupOptions;
import dev.sectools.secrets.BackupSummary;
import dev.sectools.secrets.Progress;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@link SecretStore#backup} to a file and {@link SecretStore#restore} from it, for a store of
 * {@value #SECRETS} secrets of 64 bytes (one version each). Each measured call is one whole
 * backup or restore (single shot). After each, the benchmark prints the throughput in MB/s of
 * backup file and in secrets/s, and the heap still in use after the last garbage collection,
 * sampled every thousand versions: its minimum and maximum over the call. The fork runs with a
 * 64 MiB heap; a backup or restore that kept anything per secret would grow the maximum with the
 * store.
 *
 * <p>Restore includes two Argon2id derivations at OWASP's minimum cost (unwrapping the backup key
 * with the source store's passphrase, wrapping the new store's keysets), about 0.2 s each here.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Xmx64m"})
@State(Scope.Benchmark)
public class BackupBenchmark {
  static final int SECRETS = 100_000;
  private static final int LOAD_BATCH = 1_000;

  private ScratchDir dir;
  private SecretStore store;
  private Path backupFile;
  private int restores;
  private Path target;
  private long started;
  private long minRetained;
  private long maxRetained;
  private String measured;
  private long restoredVersions;

  /** Creates the store, loads it {@value #LOAD_BATCH} secrets per transaction, and backs it up once. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-backup-");
    store = SecretStoreBenchmark.open(dir);
    SecretStoreBenchmark.load(store, SECRETS, LOAD_BATCH);
    backupFile = dir.path().resolve("store.backup");
    backup();
  }

  /** Resets the heap samples and picks a new restore target. */
  @Setup(Level.Iteration)
  public void startIteration() {
    minRetained = Long.MAX_VALUE;
    maxRetained = 0;
    target = dir.path().resolve("restored-" + restores++);
    started = System.nanoTime();
  }

  /** Writes a backup of the whole store to a file. */
  @Benchmark
  public BackupSummary backup() throws IOException, GeneralSecurityException {
    started = System.nanoTime();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(backupFile), 1 << 16)) {
      BackupSummary summary = store.backup(out, BackupOptions.builder().progress(this::sample).build());
      if (summary.secrets() != SECRETS) {
        throw new IllegalStateException("backed up " + summary.secrets() + " secrets, expected " + SECRETS);
      }
      measured = "backup";
      return summary;
    }
  }

  /** Restores the backup file into a new store, verifying every value. */
  @Benchmark
  public long restore() throws IOException, GeneralSecurityException {
    started = System.nanoTime();
    PassphraseKeyProvider key = PassphraseKeyProvider.of("benchmark".toCharArray(), Argon2Settings.OWASP_MINIMUM);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(backupFile), 1 << 16);
         SecretStore restored = SecretStore.restore(in, StoreConfig.builder(target, key).build(), key,
             (Progress) this::sample)) {
      measured = "restore";
      return restoredVersions;
    }
  }

  private void sample(long done, long total) {
    restoredVersions = done;
    long retained = SecretStoreBenchmark.retainedHeap();
    minRetained = Math.min(minRetained, retained);
    maxRetained = Math.max(maxRetained, retained);
  }


  /** Prints throughput and retained heap of the call just measured, and removes a restored store. */
  @TearDown(Level.Iteration)
  public void report() throws IOException {
    double seconds = (System.nanoTime() - started) / 1e9;
    long bytes = Files.size(backupFile);
    System.out.printf("%n  %s: %.1f MB in %.2f s = %.1f MB/s, %.0f secrets/s; heap retained after GC:"
        + " min %.1f MiB, max %.1f MiB (-Xmx64m)%n", measured, bytes / 1e6, seconds, bytes / 1e6 / seconds,
        SECRETS / seconds, minRetained / 1048576.0, maxRetained / 1048576.0);
    if (Files.exists(target)) {
      try (var files = Files.list(target)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(target);
    }
  }

  /** Closes the store and removes its files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    dir.close();
  }
}
