package dev.sectools.secrets.keys;

import dev.sectools.internal.secrets.keys.KeyParameters;
import dev.sectools.internal.secrets.keys.Keks;
import dev.sectools.internal.secrets.keys.Pkcs11Slots;
import dev.sectools.internal.secrets.keys.SecretFiles;
import dev.sectools.internal.secrets.keys.TokenAead;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.LoginException;

/**
 * A KEK that never leaves a PKCS#11 token (a hardware security module, a smart card, SoftHSM):
 * {@link #create()} generates a non-extractable, sensitive AES-256 key inside the token, and the
 * store's keysets are encrypted and decrypted with AES/GCM inside the token, through the JDK's
 * SunPKCS11 provider (module {@code jdk.crypto.cryptoki}).
 *
 * <pre>{@code
 * try (Pkcs11KeyProvider key = Pkcs11KeyProvider.builder(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
 *     .tokenLabel("payments")
 *     .pinFile(Path.of("/run/secrets/hsm-pin"))
 *     .build();
 *     SecretStore store = SecretStore.open(StoreConfig.builder(dir, key).build())) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The store header records the key's label (its {@code CKA_LABEL}), never the token, slot or
 * PIN: the same store opens wherever the same token is configured. The key is not an AES key
 * wrap key: SunPKCS11's key wrap fails against SoftHSM 2.6.1, and GCM inside the token gives the
 * same protection.
 *
 * <h2>Errors</h2>
 * A library that is not there, a slot or token label that matches no token, or a PIN variable
 * that is not set is a {@link KeyStorageUnavailableException} naming which. A wrong PIN and a
 * key missing from the token are {@link GeneralSecurityException}s: the store reports access
 * denied.
 *
 * <h2>Security</h2>
 * The provider keeps the PIN given to {@link Builder#pin(char[])} until {@link #close()}, which
 * wipes it and logs out of the token; close it after the stores opened with it. A PIN file is
 * read at each login and its bytes wiped; a PIN from an environment variable is a
 * {@code String} the JVM keeps, and any process of the same user can read a process's
 * environment, so prefer a file or a prompt. A key is never deleted from the token by sectools,
 * not even after {@link dev.sectools.secrets.SecretStore#changeKeyProvider} moves a store away.
 */
public final class Pkcs11KeyProvider implements KeyProvider, AutoCloseable {
  /** The kind recorded in stores created with this provider. */
  public static final String KIND = "pkcs11";

  private static final byte FORMAT = 1;
  private static final int MAX_LABEL_CHARS = 128;
  private static final AtomicLong INSTANCES = new AtomicLong();

  private final Path library;
  private final Long slot;
  private final String tokenLabel;
  private final char[] pin;
  private final Path pinFile;
  private final String pinVariable;
  private final String keyLabel;
  private final Object lock = new Object();
  private Provider provider;
  private KeyStore keyStore;
  private boolean closed;

  private Pkcs11KeyProvider(Builder b) {
    this.library = b.library;
    this.slot = b.slot;
    this.tokenLabel = b.tokenLabel;
    this.pin = b.pin == null ? null : b.pin.clone();
    this.pinFile = b.pinFile;
    this.pinVariable = b.pinVariable;
    this.keyLabel = b.keyLabel;
  }

  /**
   * A builder for a token reached through the PKCS#11 module at {@code library} (for SoftHSM on
   * Debian: {@code /usr/lib/softhsm/libsofthsm2.so}).
   *
   * @throws IllegalArgumentException if {@code library} is not an absolute path
   */
  public static Builder builder(Path library) {
    return new Builder(library);
  }

  @Override
  public String kind() {
    return KIND;
  }

  /**
   * Generates a new AES-256 key inside the token, sensitive and not extractable, and stores it
   * under the configured key label (or {@code sectools-kek-} and 16 random hex digits).
   *
   * @throws FileAlreadyExistsException if the token has a key with the configured label
   * @throws KeyStorageUnavailableException if the library, token or PIN cannot be reached
   * @throws GeneralSecurityException if the login fails or the token cannot make the key
   */
  @Override
  public WrappingKey create() throws GeneralSecurityException, IOException {
    synchronized (lock) {
      KeyStore token = session();
      String alias = keyLabel != null ? keyLabel : Keks.randomName("sectools-kek-", 8);
      if (token.containsAlias(alias)) {
        throw new FileAlreadyExistsException(alias, null, "the token has a key with this label already");
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(Keks.KEY_BYTES * 8);
      SecretKey sessionKey = generator.generateKey();
      token.setEntry(alias, new KeyStore.SecretKeyEntry(sessionKey), null); // copied into the token
      return new WrappingKey(KeyParameters.encode(FORMAT, KeyParameters.utf8(alias)), tokenKey(token, alias));
    }
  }

  /**
   * Finds the key named in {@code parameters} in the token.
   *
   * @throws KeyStorageUnavailableException if the library, token or PIN cannot be reached
   * @throws GeneralSecurityException if the login fails or the token has no such key
   */
  @Override
  public WrappingKey open(byte[] parameters) throws GeneralSecurityException, IOException {
    String alias = KeyParameters.text(KeyParameters.decode(parameters, FORMAT, 1).get(0));
    synchronized (lock) {
      return new WrappingKey(parameters, tokenKey(session(), alias));
    }
  }

  private TokenAead tokenKey(KeyStore token, String alias) throws GeneralSecurityException {
    Key key = token.getKey(alias, null);
    if (!(key instanceof SecretKey)) {
      throw new GeneralSecurityException("the token has no such key");
    }
    return new TokenAead(provider, key);
  }

  /** The token's key store, logged in; configures SunPKCS11 the first time. */
  private KeyStore session() throws GeneralSecurityException, IOException {
    if (closed) {
      throw new IllegalStateException("PKCS#11 key provider is closed");
    }
    if (keyStore != null) {
      return keyStore;
    }
    if (provider == null) {
      provider = configure();
    }
    KeyStore store = KeyStore.getInstance("PKCS11", provider);
    char[] secret = pinChars();
    try {
      store.load(null, secret);
    } catch (IOException e) {
      // SunPKCS11 wraps a failed C_Login (wrong or locked PIN) in an IOException.
      throw new GeneralSecurityException("PKCS#11 login failed");
    } finally {
      Arrays.fill(secret, '\0');
    }
    keyStore = store;
    return store;
  }

  private Provider configure() throws KeyStorageUnavailableException {
    if (!Files.isRegularFile(library)) {
      throw new KeyStorageUnavailableException("PKCS#11 library not found: " + library
          + " (for SoftHSM install the softhsm2 package; otherwise give your token vendor's module)");
    }
    long slotId = slot != null ? slot : slotOfLabel();
    String config = "--name = sectools-" + INSTANCES.incrementAndGet() + "\n"
        + "library = \"" + library + "\"\n"
        + "slot = " + slotId + "\n"
        + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "}\n";
    try {
      return Pkcs11Slots.configure(config);
    } catch (IllegalStateException e) {
      throw new KeyStorageUnavailableException(e.getMessage(), e);
    } catch (ProviderException e) {
      throw new KeyStorageUnavailableException("PKCS#11 slot " + slotId + " of " + library
          + " cannot be used (no token present?)", e);
    }
  }

  private long slotOfLabel() throws KeyStorageUnavailableException {
    Map<Long, String> tokens;
    try {
      tokens = Pkcs11Slots.tokens(library);
    } catch (RuntimeException e) {
      throw new KeyStorageUnavailableException("cannot list the tokens of " + library + ": " + e.getMessage(), e);
    }
    List<Long> matches = tokens.entrySet().stream()
        .filter(e -> e.getValue().equals(tokenLabel)).map(Map.Entry::getKey).toList();
    if (matches.size() != 1) {
      throw new KeyStorageUnavailableException((matches.isEmpty() ? "no" : "more than one")
          + " PKCS#11 token labelled '" + tokenLabel + "' in " + library + "; tokens present: "
          + tokens.values());
    }
    return matches.get(0);
  }

  private char[] pinChars() throws IOException {
    if (pin != null) {
      return pin.clone();
    }
    if (pinFile != null) {
      return SecretFiles.readChars(pinFile);
    }
    String value = System.getenv(pinVariable);
    if (value == null) {
      throw new KeyStorageUnavailableException("the PIN variable " + pinVariable + " is not set");
    }
    return value.toCharArray();
  }

  /** Wipes the PIN and logs out of the token. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (pin != null) {
        Arrays.fill(pin, '\0');
      }
      closed = true;
      keyStore = null;
      if (provider instanceof AuthProvider auth) {
        try {
          auth.logout();
        } catch (LoginException ignored) {
          // The token went away: there is no session left to end.
        }
      }
    }
  }

  @Override
  public String toString() {
    return "Pkcs11KeyProvider[library=" + library + ", "
        + (slot != null ? "slot=" + slot : "token=" + tokenLabel) + "]";
  }

  /**
   * Builds a {@link Pkcs11KeyProvider}: one of {@link #slot} and {@link #tokenLabel}, and one
   * of {@link #pin}, {@link #pinFile} and {@link #pinEnvironment}.
   */
  public static final class Builder {
    private final Path library;
    private Long slot;
    private String tokenLabel;
    private char[] pin;
    private Path pinFile;
    private String pinVariable;
    private String keyLabel;

    private Builder(Path library) {
      Objects.requireNonNull(library, "library");
      if (!library.isAbsolute()) {
        throw new IllegalArgumentException("the PKCS#11 library must be an absolute path, was " + library);
      }
      this.library = library;
    }

    /** The token in slot {@code id} (as {@code pkcs11-tool --list-slots} shows it). */
    public Builder slot(long id) {
      if (id < 0) {
        throw new IllegalArgumentException("slot id must not be negative, was " + id);
      }
      this.slot = id;
      return this;
    }

    /**
     * The token whose label is {@code label} (trailing blanks ignored). Found through the
     * library's slot list when the provider is first used; not supported on Windows.
     */
    public Builder tokenLabel(String label) {
      this.tokenLabel = checkLabel("token label", label);
      return this;
    }

    /**
     * The user PIN, for example as a no-echo prompt returned it. Copied: wipe yours; the
     * provider wipes its copy on {@link Pkcs11KeyProvider#close()}.
     */
    public Builder pin(char[] pin) {
      Objects.requireNonNull(pin, "pin");
      if (pin.length == 0) {
        throw new IllegalArgumentException("PIN must not be empty");
      }
      wipe();
      this.pin = pin.clone();
      return this;
    }

    /** Reads the PIN (UTF-8, one trailing newline ignored) from {@code file} at each login. */
    public Builder pinFile(Path file) {
      this.pinFile = Objects.requireNonNull(file, "file").toAbsolutePath();
      return this;
    }

    /** Takes the PIN from environment variable {@code name} at each login. */
    public Builder pinEnvironment(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
      }
      this.pinVariable = name;
      return this;
    }

    /**
     * The label ({@code CKA_LABEL}) of the key {@link Pkcs11KeyProvider#create()} makes;
     * without one it is random.
     */
    public Builder keyLabel(String label) {
      this.keyLabel = checkLabel("key label", label);
      return this;
    }

    /**
     * The provider. Nothing is loaded yet: the library is loaded and the token logged in to at
     * the first {@code create} or {@code open}.
     *
     * @throws IllegalStateException unless exactly one token selector and one PIN source are set
     */
    public Pkcs11KeyProvider build() {
      if ((slot == null) == (tokenLabel == null)) {
        throw new IllegalStateException("set exactly one of slot and tokenLabel");
      }
      int pinSources = (pin != null ? 1 : 0) + (pinFile != null ? 1 : 0) + (pinVariable != null ? 1 : 0);
      if (pinSources != 1) {
        throw new IllegalStateException("set exactly one of pin, pinFile and pinEnvironment, had " + pinSources);
      }
      try {
        return new Pkcs11KeyProvider(this);
      } finally {
        wipe();
      }
    }

    private void wipe() {
      if (pin != null) {
        Arrays.fill(pin, '\0');
        pin = null;
      }
    }

    private static String checkLabel(String what, String label) {
      Objects.requireNonNull(label, what);
      if (label.isBlank() || label.length() > MAX_LABEL_CHARS
          || label.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(what + " must be 1 to " + MAX_LABEL_CHARS
            + " characters without control characters, was \"" + label + "\"");
      }
      return label;
    }
  }
}
