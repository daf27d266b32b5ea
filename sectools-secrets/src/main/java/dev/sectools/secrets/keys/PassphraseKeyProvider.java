package dev.sectools.secrets.keys;

import dev.sectools.internal.secrets.keys.Keks;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * A KEK derived from a passphrase with Argon2id (RFC 9106): AES-256-GCM under
 * {@code Argon2id(passphrase, salt)}. The salt (16 random bytes) and the cost settings are stored
 * in the store header; the passphrase and the derived key are never stored.
 *
 * <p>The provider keeps its own copy of the passphrase until {@link #close()}, which wipes it.
 *
 * <pre>{@code
 * try (PassphraseKeyProvider key = PassphraseKeyProvider.of(passphraseChars)) {
 *   SecretStore store = SecretStore.open(StoreConfig.builder(dir, key).build());
 * }
 * }</pre>
 *
 * <h2>Security</h2>
 * The store is as strong as the passphrase: Argon2id makes each guess cost about half a second
 * and 64 MiB with the defaults, nothing more. A wrong passphrase and a tampered header are
 * reported alike, as access denied.
 */
public final class PassphraseKeyProvider implements KeyProvider, AutoCloseable {
  /** The kind recorded in stores created with this provider. */
  public static final String KIND = "passphrase";

  private static final byte FORMAT = 1;
  private static final int SALT_BYTES = 16;
  private static final int KEY_BYTES = 32;
  private static final int PARAMETER_BYTES = 1 + 3 * Integer.BYTES + SALT_BYTES;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final char[] passphrase;
  private final Argon2Settings settings;
  private final Object lock = new Object();
  private boolean closed;

  private PassphraseKeyProvider(char[] passphrase, Argon2Settings settings) {
    this.passphrase = passphrase.clone();
    this.settings = settings;
  }

  /**
   * A provider for {@code passphrase} (copied; wipe yours when done) with the default cost.
   *
   * @throws IllegalArgumentException if the passphrase is empty
   */
  public static PassphraseKeyProvider of(char[] passphrase) {
    return of(passphrase, Argon2Settings.DEFAULT);
  }

  /**
   * A provider for {@code passphrase} that creates new stores with {@code settings}. Opening a
   * store always uses the settings recorded in it.
   *
   * @throws IllegalArgumentException if the passphrase is empty
   */
  public static PassphraseKeyProvider of(char[] passphrase, Argon2Settings settings) {
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(settings, "settings");
    if (passphrase.length == 0) {
      throw new IllegalArgumentException("passphrase must not be empty");
    }
    return new PassphraseKeyProvider(passphrase, settings);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public WrappingKey create() throws GeneralSecurityException {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] parameters = ByteBuffer.allocate(PARAMETER_BYTES)
        .put(FORMAT)
        .putInt(settings.memoryKib())
        .putInt(settings.iterations())
        .putInt(settings.parallelism())
        .put(salt)
        .array();
    return new WrappingKey(parameters, derive(settings, salt));
  }

  @Override
  public WrappingKey open(byte[] parameters) throws GeneralSecurityException {
    if (parameters.length != PARAMETER_BYTES || parameters[0] != FORMAT) {
      throw new GeneralSecurityException("unrecognised passphrase key parameters");
    }
    ByteBuffer in = ByteBuffer.wrap(parameters, 1, PARAMETER_BYTES - 1);
    Argon2Settings stored;
    try {
      stored = new Argon2Settings(in.getInt(), in.getInt(), in.getInt());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("unacceptable passphrase key parameters", e);
    }
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    return new WrappingKey(parameters, derive(stored, salt));
  }

  private com.google.crypto.tink.Aead derive(Argon2Settings cost, byte[] salt)
      throws GeneralSecurityException {
    Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
    argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(cost.memoryKib())
        .withIterations(cost.iterations())
        .withParallelism(cost.parallelism())
        .build());
    byte[] key = new byte[KEY_BYTES];
    try {
      synchronized (lock) { // close() must not wipe the passphrase while it is being used
        if (closed) {
          throw new IllegalStateException("passphrase provider is closed");
        }
        argon2.generateBytes(passphrase, key);
      }
      return Keks.aesGcm(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Wipes this provider's copy of the passphrase. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      Arrays.fill(passphrase, '\0');
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "PassphraseKeyProvider[" + settings + "]";
  }
}
