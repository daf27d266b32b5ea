package dev.sectools.bench;

import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
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
 * The secret store beside the Java-native peer a user would pick instead: a PKCS#12
 * {@link KeyStore} holding the same {@value #SECRETS} secrets of 64 bytes as secret-key entries,
 * with the JDK's default protection (PBKDF2-HMAC-SHA256 with 10,000 iterations per entry and for
 * the file's MAC).
 *
 * <ul>
 *   <li>{@code *OpenAndGetOne}: from nothing to one value in hand: load the key store file, or
 *       open the store (with the default Argon2id cost and with OWASP's minimum), then read one.
 *   <li>{@code *GetOne}: one value from an already open key store or store.
 *   <li>{@code pkcs12StoreAfterOneChange} / {@code storePutOne}: change one secret and persist:
 *       {@code setEntry} then {@code KeyStore.store} rewrites the whole file (without fsync);
 *       {@code put} commits one durable (fsync'ed) transaction.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class KeyStoreComparisonBenchmark {
  static final int SECRETS = 1_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final char[] password = randomPassword();
  private ScratchDir dir;
  private Path keyStoreFile;
  private Path storeDefault;
  private Path storeMinimum;
  private KeyStore keyStore;
  private SecretStore store;
  private byte[] value;
  private int next;

  /** Writes the PKCS#12 file and two stores (default and minimum Argon2id cost) with the same secrets. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-keystore-");
    value = new byte[SecretStoreBenchmark.VALUE_BYTES];
    RANDOM.nextBytes(value);
    keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    for (int i = 0; i < SECRETS; i++) {
      keyStore.setEntry(alias(i), entry(value), protection());
    }
    keyStoreFile = dir.path().resolve("secrets.p12");
    saveKeyStore();
    storeDefault = dir.path().resolve("store-default");
    storeMinimum = dir.path().resolve("store-minimum");
    for (Path p : new Path[] {storeDefault, storeMinimum}) {
      try (SecretStore s = SecretStore.create(config(p))) {
        for (int i = 0; i < SECRETS; i++) {
          s.put(SecretStoreBenchmark.path(i), value);
        }
      }
    }
    store = SecretStore.open(config(storeMinimum));
  }

  private StoreConfig config(Path p) {
    Argon2Settings cost = p.equals(storeDefault) ? Argon2Settings.DEFAULT : Argon2Settings.OWASP_MINIMUM;
    return StoreConfig.builder(p, PassphraseKeyProvider.of(password, cost)).build();
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes).toCharArray();
  }

  private static String alias(int i) {
    return "secret-" + i;
  }

  private static KeyStore.SecretKeyEntry entry(byte[] bytes) {
    return new KeyStore.SecretKeyEntry(new SecretKeySpec(bytes, "HmacSHA256"));
  }

  private KeyStore.PasswordProtection protection() {
    return new KeyStore.PasswordProtection(password);
  }

  private void saveKeyStore() throws IOException, GeneralSecurityException {
    try (OutputStream out = Files.newOutputStream(keyStoreFile)) {
      keyStore.store(out, password);
    }
  }

  private int nextIndex() {
    next = (next + 1) % SECRETS;
    return next;
  }

  /** Loads the PKCS#12 file and reads one secret. */
  @Benchmark
  public int pkcs12OpenAndGetOne() throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStoreFile)) {
      ks.load(in, password);
    }
    KeyStore.SecretKeyEntry e = (KeyStore.SecretKeyEntry) ks.getEntry(alias(nextIndex()), protection());
    return e.getSecretKey().getEncoded().length;
  }

  /** Opens the store with the default Argon2id cost and reads one secret. */
  @Benchmark
  public int storeOpenAndGetOneDefaultCost() throws IOException, GeneralSecurityException {
    return openAndGet(storeDefault);
  }

  /** Opens the store with OWASP's minimum Argon2id cost and reads one secret. */
  @Benchmark
  public int storeOpenAndGetOneMinimumCost() throws IOException, GeneralSecurityException {
    return openAndGet(storeMinimum);
  }

  private int openAndGet(Path p) throws IOException, GeneralSecurityException {
    try (SecretStore s = SecretStore.open(config(p));
        SecureBuffer b = s.get(SecretStoreBenchmark.path(nextIndex()))) {
      return b.length();
    }
  }

  /** Reads one secret from the loaded key store. */
  @Benchmark
  public int pkcs12GetOne() throws GeneralSecurityException {
    KeyStore.SecretKeyEntry e = (KeyStore.SecretKeyEntry) keyStore.getEntry(alias(nextIndex()), protection());
    return e.getSecretKey().getEncoded().length;
  }

  /** Reads one secret from the open store. */
  @Benchmark
  public int storeGetOne() throws IOException, GeneralSecurityException {
    try (SecureBuffer b = store.get(SecretStoreBenchmark.path(nextIndex()))) {
      return b.length();
    }
  }

  /** Changes one secret in the key store and writes the file again. */
  @Benchmark
  public void pkcs12StoreAfterOneChange() throws IOException, GeneralSecurityException {
    keyStore.setEntry(alias(nextIndex()), entry(value), protection());
    saveKeyStore();
  }

  /** Writes a new version of one secret, durably. */
  @Benchmark
  public long storePutOne() throws IOException, GeneralSecurityException {
    return store.put(SecretStoreBenchmark.path(nextIndex()), value);
  }

  /** Closes the store and removes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    dir.close();
  }
}
