package dev.sectools.secrets;

import dev.sectools.secrets.keys.KeyProvider;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SecretStore#backup} protects and reports a backup. Immutable; built with
 * {@link #builder()}. By default the backup key is wrapped by the store's own key-encryption
 * key, so the backup restores with the same passphrase (or other key) the store had when it was
 * taken.
 *
 * <pre>{@code
 * BackupOptions options = BackupOptions.builder()
 *     .backupKey(PassphraseKeyProvider.of(backupPassphrase))  // a separate backup passphrase
 *     .progress((done, total) -> bar.update(done, total))
 *     .build();
 * }</pre>
 */
public final class BackupOptions {
  private static final BackupOptions DEFAULTS = builder().build();

  private final KeyProvider backupKey; // null: the store's KEK
  private final Progress progress;

  private BackupOptions(Builder b) {
    this.backupKey = b.backupKey;
    this.progress = b.progress;
  }

  /** The defaults: the store's KEK wraps the backup key; no progress reports. */
  public static BackupOptions defaults() {
    return DEFAULTS;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The provider whose new key wraps the backup key; empty: the store's own KEK. */
  public Optional<KeyProvider> backupKey() {
    return Optional.ofNullable(backupKey);
  }

  /** Told of progress, in versions written. */
  public Progress progress() {
    return progress;
  }

  @Override
  public String toString() {
    return "BackupOptions[backupKey=" + (backupKey == null ? "store key" : backupKey.kind()) + "]";
  }

  /** Builds {@link BackupOptions}. */
  public static final class Builder {
    private KeyProvider backupKey;
    private Progress progress = Progress.NONE;

    private Builder() {}

    /**
     * Wraps the backup key under a new key from {@code provider} (its {@link KeyProvider#create()}
     * runs once per backup) instead of the store's KEK; restore then needs a provider of the same
     * kind that opens it, such as {@code PassphraseKeyProvider.of(backupPassphrase)}. The
     * provider's parameters (for a passphrase: the Argon2id salt and cost) go into the backup's
     * header.
     */
    public Builder backupKey(KeyProvider provider) {
      this.backupKey = Objects.requireNonNull(provider, "backupKey");
      return this;
    }

    /** Sets the progress callback (versions written of versions in the snapshot). */
    public Builder progress(Progress callback) {
      this.progress = Objects.requireNonNull(callback, "progress");
      return this;
    }

    /** Returns the immutable options. */
    public BackupOptions build() {
      return new BackupOptions(this);
    }
  }
}
