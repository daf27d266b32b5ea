package dev.sectools.secrets.keys;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.PasswordAccessException;
import dev.sectools.internal.secrets.keys.KeyParameters;
import dev.sectools.internal.secrets.keys.Keks;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A random 256-bit KEK kept in the operating system's secure storage, through
 * <a href="https://github.com/javakeyring/java-keyring">java-keyring</a>: the Secret Service on
 * Linux (GNOME Keyring, KeePassXC, KWallet's Secret Service), the Keychain on macOS, the
 * Credential Manager on Windows.
 *
 * <pre>{@code
 * KeyProvider key = KeychainKeyProvider.builder().service("myapp").account("prod-secrets").build();
 * SecretStore store = SecretStore.create(StoreConfig.builder(dir, key).build());
 * }</pre>
 *
 * <p>The store header records the entry's service and account, never the key. Without an
 * account, {@link #create()} names the entry {@code kek-} and 32 random hex digits; list the
 * entries with {@code secret-tool search --all service dev.sectools} on Linux.
 *
 * <h2>Errors</h2>
 * No secure storage (on Linux: no Secret Service on the D-Bus session bus, or a locked
 * keyring) is a {@link KeyStorageUnavailableException} whose message names the fix; there is
 * never a fallback to another place. An entry that is gone or holds something else is a
 * {@link GeneralSecurityException}: the store reports access denied.
 *
 * <h2>Security</h2>
 * The key is as safe as the keyring: on Linux any process of the same user that can reach the
 * session bus can read an unlocked keyring's entries. java-keyring passes the key as a
 * {@code String} (Base64), which cannot be wiped from the Java heap; the AEAD made from it keeps
 * the key on the heap too, as with every in-memory KEK.
 */
public final class KeychainKeyProvider implements KeyProvider {
  /** The kind recorded in stores created with this provider. */
  public static final String KIND = "keychain";
  /** The service entries are filed under unless another is given. */
  public static final String DEFAULT_SERVICE = "dev.sectools";

  private static final byte FORMAT = 1;
  private static final int MAX_NAME_CHARS = 256;

  private final String service;
  private final Optional<String> account;

  private KeychainKeyProvider(Builder b) {
    this.service = b.service;
    this.account = Optional.ofNullable(b.account);
  }

  /** A provider filing a randomly named entry under {@link #DEFAULT_SERVICE}. */
  public static KeychainKeyProvider ofDefaults() {
    return builder().build();
  }

  /** A builder with the defaults: {@link #DEFAULT_SERVICE}, a random account name. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Makes a random KEK and stores it in a new keychain entry.
   *
   * @throws FileAlreadyExistsException if the configured entry exists already (it is not
   *     overwritten: it may be another store's key)
   * @throws KeyStorageUnavailableException if there is no usable secure storage
   */
  @Override
  public WrappingKey create() throws GeneralSecurityException, IOException {
    String name = account.orElseGet(() -> Keks.randomName("kek-", 16));
    byte[] key = Keks.random(Keks.KEY_BYTES);
    try (Keyring keyring = connect()) {
      if (lookup(keyring, name).isPresent()) {
        throw new FileAlreadyExistsException(service + "/" + name, null,
            "a keychain entry with this service and account exists already");
      }
      String encoded = Base64.getEncoder().encodeToString(key);
      try {
        keyring.setPassword(service, name, encoded);
      } catch (PasswordAccessException | RuntimeException e) {
        throw unavailable("the keychain refused to store the key", e);
      }
      // Some backends accept a write they then cannot serve (a locked collection): check now,
      // not when the store is next opened.
      if (!lookup(keyring, name).map(encoded::equals).orElse(false)) {
        throw unavailable("the keychain did not keep the key it was given", null);
      }
      byte[] parameters = KeyParameters.encode(FORMAT, KeyParameters.utf8(service), KeyParameters.utf8(name));
      return new WrappingKey(parameters, Keks.aesGcm(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * Reads the KEK from the entry named in {@code parameters}.
   *
   * @throws GeneralSecurityException if the entry is missing or does not hold a key
   * @throws KeyStorageUnavailableException if there is no usable secure storage
   */
  @Override
  public WrappingKey open(byte[] parameters) throws GeneralSecurityException, IOException {
    List<byte[]> fields = KeyParameters.decode(parameters, FORMAT, 2);
    String storedService = KeyParameters.text(fields.get(0));
    String storedAccount = KeyParameters.text(fields.get(1));
    byte[] key = null;
    try (Keyring keyring = connect()) {
      String encoded = lookup(keyring, storedService, storedAccount)
          .orElseThrow(() -> new GeneralSecurityException("no such keychain entry"));
      key = Base64.getDecoder().decode(encoded);
      return new WrappingKey(parameters, Keks.aesGcm(key));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("the keychain entry does not hold a key");
    } finally {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  private Optional<String> lookup(Keyring keyring, String name) throws KeyStorageUnavailableException {
    return lookup(keyring, service, name);
  }

  private static Optional<String> lookup(Keyring keyring, String service, String account)
      throws KeyStorageUnavailableException {
    try {
      return Optional.ofNullable(keyring.getPassword(service, account));
    } catch (PasswordAccessException e) {
      return Optional.empty(); // java-keyring's way of saying "no such entry"
    } catch (RuntimeException e) {
      throw unavailable("the keychain could not be read", e);
    }
  }

  private static Keyring connect() throws KeyStorageUnavailableException {
    try {
      return new Keyring(com.github.javakeyring.Keyring.create());
    } catch (BackendNotSupportedException | RuntimeException e) {
      throw unavailable("no OS keychain is available", e);
    }
  }

  private static KeyStorageUnavailableException unavailable(String what, Throwable cause) {
    return new KeyStorageUnavailableException(what + ". " + fix(), cause);
  }

  /** What to do about a missing or locked keychain on this platform. */
  static String fix() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux") || os.contains("bsd")) {
      String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS") == null
          ? "DBUS_SESSION_BUS_ADDRESS is not set"
          : "DBUS_SESSION_BUS_ADDRESS is set";
      return "On Linux this needs a Secret Service on the D-Bus session bus (" + bus + "): install"
          + " gnome-keyring (or KeePassXC with its Secret Service enabled), run inside a desktop"
          + " session or under 'dbus-run-session', and unlock the keyring (headless:"
          + " 'gnome-keyring-daemon --unlock --components=secrets' reading the password on stdin)."
          + " Without one, use Pkcs11KeyProvider, PassphraseKeyProvider or, as a last resort,"
          + " MachineBoundKeyProvider";
    }
    if (os.contains("mac")) {
      return "On macOS this needs the user's login Keychain: run as a logged-in user, not a"
          + " daemon without a Keychain session";
    }
    if (os.contains("windows")) {
      return "On Windows this needs the Credential Manager of a user profile that is loaded"
          + " (not a service account without a profile)";
    }
    return "java-keyring supports Linux (Secret Service), macOS and Windows only";
  }

  @Override
  public String toString() {
    return "KeychainKeyProvider[service=" + service + ", account=" + account.orElse("(random)") + "]";
  }

  /** java-keyring's {@link com.github.javakeyring.Keyring}, whose close() throws Exception. */
  private static final class Keyring implements AutoCloseable {
    private final com.github.javakeyring.Keyring delegate;

    Keyring(com.github.javakeyring.Keyring delegate) {
      this.delegate = delegate;
    }

    String getPassword(String service, String account) throws PasswordAccessException {
      return delegate.getPassword(service, account);
    }

    void setPassword(String service, String account, String password) throws PasswordAccessException {
      delegate.setPassword(service, account, password);
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } catch (Exception ignored) {
        // Closing a D-Bus connection: nothing was written through it that could be lost.
      }
    }
  }

  /**
   * Builds a {@link KeychainKeyProvider}. Names are at most {@value #MAX_NAME_CHARS} characters,
   * not blank, without control characters.
   */
  public static final class Builder {
    private String service = DEFAULT_SERVICE;
    private String account;

    private Builder() {}

    /** The service (Linux attribute {@code service}, macOS service, Windows target prefix). */
    public Builder service(String service) {
      this.service = checkName("service", service);
      return this;
    }

    /**
     * The account of the entry {@link #create()} makes; without one it is random. Give one to
     * find the entry again by name, for example to remove it after a migration.
     */
    public Builder account(String account) {
      this.account = checkName("account", account);
      return this;
    }

    /** The provider. */
    public KeychainKeyProvider build() {
      return new KeychainKeyProvider(this);
    }

    private static String checkName(String what, String value) {
      Objects.requireNonNull(value, what);
      if (value.isBlank() || value.length() > MAX_NAME_CHARS || value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME_CHARS
            + " characters without control characters, was \"" + value + "\"");
      }
      return value;
    }
  }
}
