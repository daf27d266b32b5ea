package dev.sectools.bench;

import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.KeychainKeyProvider;
import dev.sectools.secrets.keys.MachineBoundKeyProvider;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import dev.sectools.secrets.keys.Pkcs11KeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.UUID;
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
 * What unwrapping the key-encryption key costs with each key provider: the time from nothing to
 * one value in hand ({@code SecretStore.open}, one {@code get}, {@code close}), which is what every
 * command-line call without the agent pays.
 *
 * <ul>
 *   <li>{@code passphrase}: Argon2id at the store's default cost ({@link Argon2Settings#DEFAULT}).
 *   <li>{@code machine-bound}: PBKDF2-HMAC-SHA256 with {@value MachineBoundKeyProvider#MIN_ITERATIONS}
 *       iterations over the machine id, then AES-GCM of the key file.
 *   <li>{@code keychain}: a D-Bus round trip to the Secret Service (GNOME Keyring).
 *   <li>{@code pkcs11}: loading the PKCS#11 module, logging in to the token and an AES-GCM
 *       decryption inside it (SoftHSM2).
 * </ul>
 *
 * <p>The keychain and PKCS#11 cases need a session bus with an unlocked keyring and a SoftHSM2
 * token, made before the JVM starts: run them through {@code scripts/bench-kek.sh}, which sets both
 * up in a private directory and passes the token through {@value #PKCS11_LIBRARY},
 * {@value #PKCS11_TOKEN} and {@value #PKCS11_PIN}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class KeyProviderOpenBenchmark {
  /** The environment variable naming the PKCS#11 module. */
  static final String PKCS11_LIBRARY = "SECTOOLS_BENCH_PKCS11_LIBRARY";
  /** The environment variable naming the token's label. */
  static final String PKCS11_TOKEN = "SECTOOLS_BENCH_PKCS11_TOKEN";
  /** The environment variable holding the token's user PIN. */
  static final String PKCS11_PIN = "SECTOOLS_BENCH_PKCS11_PIN";

  private static final String SECRET = "bench/kek";

  @Param({"passphrase", "machine-bound", "keychain", "pkcs11"})
  String provider;

  private final char[] passphrase = UUID.randomUUID().toString().toCharArray();
  private final String keychainService = "dev.sectools.bench." + UUID.randomUUID();
  private ScratchDir dir;
  private Path store;
  private Path machineId;

  /** Creates a store locked by the chosen provider, holding one secret. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-kek-");
    store = dir.path().resolve("store");
    Path etc = Path.of("/etc/machine-id");
    machineId = Files.isReadable(etc) ? etc
        : Files.writeString(dir.path().resolve("machine-id"), UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
    try (SecretStore s = SecretStore.create(StoreConfig.builder(store, provider()).build())) {
      s.put(SECRET, new byte[SecretStoreBenchmark.VALUE_BYTES]);
    }
  }

  /** Removes the store (the keychain entry is left in the benchmark's private keyring). */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    dir.close();
  }

  /** Opens the store with the provider, reads the secret and closes the store. */
  @Benchmark
  public int openGetClose() throws IOException, GeneralSecurityException {
    try (SecretStore s = SecretStore.open(StoreConfig.builder(store, provider()).build());
        SecureBuffer value = s.get(SECRET)) {
      return value.length();
    }
  }

  private KeyProvider provider() {
    return switch (provider) {
      case "passphrase" -> PassphraseKeyProvider.of(passphrase, Argon2Settings.DEFAULT);
      case "machine-bound" -> MachineBoundKeyProvider.builder(dir.path().resolve("machine-key"))
          .machineIdFiles(List.of(machineId)).build();
      case "keychain" -> KeychainKeyProvider.builder().service(keychainService).build();
      case "pkcs11" -> Pkcs11KeyProvider.builder(Path.of(required(PKCS11_LIBRARY)))
          .tokenLabel(required(PKCS11_TOKEN)).pinEnvironment(PKCS11_PIN).build();
      default -> throw new IllegalArgumentException("unknown provider: " + provider);
    };
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(variable + " is not set: run the pkcs11 case through scripts/bench-kek.sh");
    }
    return value;
  }
}
