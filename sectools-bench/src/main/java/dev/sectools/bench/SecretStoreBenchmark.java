package dev.sectools.bench;

import dev.sectools.audit.AuditConfig;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The secret store in process, on one thread: {@code get} of a 64-byte secret (warm: the SQLite
 * pages are cached; decrypted into a {@link SecureBuffer} that is closed), and {@code put} with
 * full durability (an fsync'ed SQLite WAL transaction per write) among 1,000 secrets, and
 * {@code putAll} of 100 secrets per transaction (reported per secret written).
 *
 * <p>Target: {@code get} at least 100,000 ops/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SecretStoreBenchmark {
  static final int SECRETS = 1_000;
  static final int VALUE_BYTES = 64;
  /** Secrets per {@link #putAll()} transaction. */
  static final int BATCH = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ScratchDir dir;
  private SecretStore store;
  private SecretStore audited;
  private byte[] value;
  private int next;
  private final Map<String, byte[]> batch = new LinkedHashMap<>();

  /** Creates a store holding {@link #SECRETS} secrets of {@link #VALUE_BYTES} random bytes. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-store-");
    store = open(dir);
    value = new byte[VALUE_BYTES];
    RANDOM.nextBytes(value);
    for (int i = 0; i < SECRETS; i++) {
      store.put(path(i), value);
    }
    for (int i = 0; i < BATCH; i++) {
      batch.put(path(i), value);
    }
    PassphraseKeyProvider key = PassphraseKeyProvider.of("benchmark".toCharArray(), Argon2Settings.OWASP_MINIMUM);
    audited = SecretStore.create(StoreConfig.builder(dir.path().resolve("audited"), key)
        .audit(AuditConfig.inStoreDirectory().build()).build());
    Map<String, byte[]> all = new LinkedHashMap<>();
    for (int i = 0; i < SECRETS; i++) {
      all.put(path(i), value);
    }
    audited.putAll(all);
  }

  static SecretStore open(ScratchDir dir) throws IOException, GeneralSecurityException {
    PassphraseKeyProvider key = PassphraseKeyProvider.of("benchmark".toCharArray(), Argon2Settings.OWASP_MINIMUM);
    return SecretStore.create(StoreConfig.builder(dir.path().resolve("store"), key).build());
  }

  /**
   * Fills {@code store} with {@code count} secrets of {@link #VALUE_BYTES} random bytes at
   * {@link #path(int)}, {@code batch} per transaction.
   */
  static void load(SecretStore store, int count, int batch) throws IOException, GeneralSecurityException {
    byte[] value = new byte[VALUE_BYTES];
    RANDOM.nextBytes(value);
    Map<String, byte[]> pending = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      pending.put(path(i), value);
      if (pending.size() == batch || i == count - 1) {
        store.putAll(pending);
        pending.clear();
      }
    }
  }

  /** The heap in use right after the last collection of each heap pool, summed: what survives. */
  static long retainedHeap() {
    long sum = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      java.lang.management.MemoryUsage afterGc =
          pool.getType() == java.lang.management.MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (afterGc != null) {
        sum += afterGc.getUsed();
      }
    }
    return sum;
  }

  static String path(int i) {
    return "bench/secret-" + i;
  }

  /** Reads one secret into secure memory and closes it. */
  @Benchmark
  public int get() throws IOException, GeneralSecurityException {
    next = (next + 1) % SECRETS;
    try (SecureBuffer b = store.get(path(next))) {
      return b.length();
    }
  }

  /** {@link #get()} on a store that writes an audit event (HMAC-chained JSON line) per read. */
  @Benchmark
  public int getAudited() throws IOException, GeneralSecurityException {
    next = (next + 1) % SECRETS;
    try (SecureBuffer b = audited.get(path(next))) {
      return b.length();
    }
  }

  /** Writes a new version of one secret, durably. */
  @Benchmark
  public long put() throws IOException, GeneralSecurityException {
    next = (next + 1) % SECRETS;
    return store.put(path(next), value);
  }

  /** Writes a new version of {@value #BATCH} secrets in one transaction; counted per secret. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Map<String, Long> putAll() throws IOException, GeneralSecurityException {
    return store.putAll(batch);
  }

  /** Closes the store and removes its files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    audited.close();
    dir.close();
  }
}
