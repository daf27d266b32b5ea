package dev.sectools.bench;

import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.DatabaseConfig;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code get} and {@code put} of 64-byte secrets by 1, 8 and 32 threads of one process sharing
 * one opened store, on SQLite and on PostgreSQL 18 on loopback (embedded, started by the
 * benchmark, {@code fsync} and {@code synchronous_commit} on: durable like SQLite's
 * {@code synchronous=FULL}). Each thread reads and writes its own secrets among
 * {@value #SECRETS}; the PostgreSQL pool has as many connections as the largest thread count.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class PostgresStoreBenchmark {
  static final int SECRETS = 1_024;
  static final int VALUE_BYTES = 64;
  private static final int MAX_THREADS = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where the store's rows live. */
  @Param({"SQLITE", "POSTGRES"})
  public String backend;

  private ScratchDir dir;
  private EmbeddedPostgres server; // null for SQLite
  private SecretStore store;
  private byte[] value;
  private final AtomicInteger threads = new AtomicInteger();

  /** Creates the store (and the server) and loads {@value #SECRETS} secrets. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-pg-");
    PassphraseKeyProvider key = PassphraseKeyProvider.of("benchmark".toCharArray(), Argon2Settings.OWASP_MINIMUM);
    StoreConfig.Builder config = StoreConfig.builder(dir.path().resolve("store"), key);
    if (backend.equals("POSTGRES")) {
      server = EmbeddedPostgres.builder().setDataDirectory(dir.path().resolve("pgdata"))
          .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
      config.database(DatabaseConfig.postgres("jdbc:postgresql://localhost:" + server.getPort()
          + "/postgres?user=postgres").poolSize(MAX_THREADS).build());
    }
    store = SecretStore.create(config.build());
    SecretStoreBenchmark.load(store, SECRETS, 256);
    value = new byte[VALUE_BYTES];
    RANDOM.nextBytes(value);
  }

  /** Each thread's own slice of the secrets. */
  @State(Scope.Thread)
  public static class Cursor {
    private int base;
    private int next;

    /** Takes the next free slice. */
    @Setup(Level.Trial)
    public void setUp(PostgresStoreBenchmark bench) {
      base = (bench.threads.getAndIncrement() % MAX_THREADS) * (SECRETS / MAX_THREADS);
    }

    String path() {
      next = (next + 1) % (SECRETS / MAX_THREADS);
      return SecretStoreBenchmark.path(base + next);
    }
  }

  private int read(Cursor cursor) throws IOException, GeneralSecurityException {
    try (SecureBuffer b = store.get(cursor.path())) {
      return b.length();
    }
  }

  /** One thread reads. */
  @Benchmark
  @Threads(1)
  public int get1(Cursor cursor) throws IOException, GeneralSecurityException {
    return read(cursor);
  }

  /** Eight threads read. */
  @Benchmark
  @Threads(8)
  public int get8(Cursor cursor) throws IOException, GeneralSecurityException {
    return read(cursor);
  }

  /** Thirty-two threads read. */
  @Benchmark
  @Threads(32)
  public int get32(Cursor cursor) throws IOException, GeneralSecurityException {
    return read(cursor);
  }

  /** One thread writes new versions, durably. */
  @Benchmark
  @Threads(1)
  public long put1(Cursor cursor) throws IOException, GeneralSecurityException {
    return store.put(cursor.path(), value);
  }

  /** Eight threads write. */
  @Benchmark
  @Threads(8)
  public long put8(Cursor cursor) throws IOException, GeneralSecurityException {
    return store.put(cursor.path(), value);
  }

  /** Thirty-two threads write. */
  @Benchmark
  @Threads(32)
  public long put32(Cursor cursor) throws IOException, GeneralSecurityException {
    return store.put(cursor.path(), value);
  }

  /** Closes the store, stops the server and removes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    if (server != null) {
      server.close();
    }
    dir.close();
  }
}
