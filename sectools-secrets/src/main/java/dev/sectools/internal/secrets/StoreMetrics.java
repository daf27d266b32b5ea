package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreConfig;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * What a store tells a metrics registry: a timer per operation and outcome, error counters by
 * kind, gauges of secrets and versions, key rotations and re-encrypted versions. {@link #NONE}
 * when the configuration has no registry, so Micrometer is needed only by applications that
 * give one.
 */
public interface StoreMetrics {
  /** Records nothing. */
  StoreMetrics NONE = new StoreMetrics() {
    @Override
    public <T> T time(Operation operation, Call<T> call) throws IOException, GeneralSecurityException {
      return call.run();
    }

    @Override
    public void watch(StoreEngine engine) {}

    @Override
    public void keyRotated(boolean automatic) {}

    @Override
    public void reencrypted(long versions) {}

    @Override
    public void close() {}
  };

  /** The metrics for {@code config}: Micrometer's if it names a registry, else {@link #NONE}. */
  static StoreMetrics of(StoreConfig config) {
    return config.meterRegistry().isPresent() ? MicrometerStoreMetrics.of(config) : NONE;
  }

  /** The store's operations, as the {@code operation} tag names them. */
  enum Operation {
    CREATE, OPEN, GET, PUT, PUT_ALL, GENERATE, VERSIONS, DELETE, UNDELETE, DESTROY, DELETE_ALL, ROLLBACK,
    LIST, METADATA, UPDATE_METADATA, STATUS, CHANGE_KEY_PROVIDER, ROTATE_KEYS, REENCRYPT, KEYS, ENABLE_KEY,
    DISABLE_KEY, DESTROY_KEY, BACKUP, RESTORE, EXPORT, IMPORT;

    /** The tag value: lower case with underscores, as {@code put_all}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** An operation to time. */
  @FunctionalInterface
  interface Call<T> {
    /** Runs it. */
    T run() throws IOException, GeneralSecurityException;
  }

  /**
   * Runs {@code call}, timing it under {@code operation} with its outcome, and counting its
   * error by kind if it throws (the exception is rethrown unchanged).
   */
  <T> T time(Operation operation, Call<T> call) throws IOException, GeneralSecurityException;

  /** Starts the gauges over an open store's counts. */
  void watch(StoreEngine engine);

  /** Counts a data-key rotation, by a caller or by the store's rotation interval on open. */
  void keyRotated(boolean automatic);

  /** Counts versions re-encrypted under the primary key. */
  void reencrypted(long versions);

  /** Removes the gauges (the store is closing); counters and timers stay for the registry. */
  void close();
}
