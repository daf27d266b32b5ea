package dev.sectools.cli.secrets;

import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import dev.sectools.secrets.keys.WrappingKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A store's key-encryption key, derived from the passphrase once and kept for a session
 * ({@code sectools shell}, or a store unlocked in {@code sectools agent}): the first {@link #open} runs Argon2id and wipes the passphrase, later
 * ones return the same key without deriving again. It serves only the store it first opened.
 *
 * <h2>Security</h2>
 * The key stays in this process's memory until {@link #close()}, as it would while a store is
 * open; the passphrase does not.
 */
public final class SessionKey implements KeyProvider, AutoCloseable {
  private final PassphraseKeyProvider passphrase;
  private final Object lock = new Object();
  private byte[] parameters;
  private WrappingKey key;
  private boolean closed;

  SessionKey(PassphraseKeyProvider passphrase) {
    this.passphrase = Objects.requireNonNull(passphrase, "passphrase");
  }

  /** A session that derives its key from {@code passphrase} (owned and closed by the session). */
  public static SessionKey of(PassphraseKeyProvider passphrase) {
    return new SessionKey(passphrase);
  }

  @Override
  public String kind() {
    return passphrase.kind();
  }

  /** Always refused: a session opens an existing store. */
  @Override
  public WrappingKey create() throws GeneralSecurityException {
    throw new GeneralSecurityException("a session key does not create stores");
  }

  /**
   * The key of the store the session unlocked.
   *
   * @throws GeneralSecurityException if the passphrase is wrong, the store is another one, or
   *     the session is closed
   */
  @Override
  public WrappingKey open(byte[] storeParameters) throws GeneralSecurityException, java.io.IOException {
    synchronized (lock) {
      if (closed) {
        throw new GeneralSecurityException("the session is closed");
      }
      if (key == null) {
        key = passphrase.open(storeParameters);
        parameters = storeParameters.clone();
        passphrase.close();
      } else if (!MessageDigest.isEqual(parameters, storeParameters)) {
        throw new GeneralSecurityException("this session is unlocked for another store");
      }
      return key;
    }
  }

  /** Wipes the passphrase if still held and forgets the key. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      passphrase.close();
      key = null;
      closed = true;
    }
  }

  /** Shows nothing of the key. */
  @Override
  public String toString() {
    return "SessionKey[" + (closed ? "closed" : key == null ? "locked" : "unlocked") + "]";
  }
}
