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
    DISABLE_KEY, DESTROY_KEY, BACKUP, RESTORE, EXPORT, IMPORT, CLOSE;

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

  /** {@link #time(Operation, Call)} for an operation on {@code target}, which the audit log records. */
  default <T> T time(Operation operation, Target target, Call<T> call) throws IOException, GeneralSecurityException {
    return time(operation, call);
  }

  /**
   * What an operation acts on, as the audit log records it.
   *
   * @param path the secret's path, or null
   * @param version the version asked for, or 0
   * @param keyId the data key, or 0
   */
  record Target(String path, long version, long keyId) {
    /** A path. */
    public static Target path(String path) {
      return new Target(path, 0, 0);
    }

    /** A version of a path. */
    public static Target version(String path, long version) {
      return new Target(path, version, 0);
    }

    /** A data key. */
    public static Target key(long keyId) {
      return new Target(null, 0, keyId);
    }
  }

  /** The {@code kind} of an error, as metrics and the audit log name it: whose fault, never what it says. */
  static String errorKind(Throwable e) {
    return switch (e) {
      case dev.sectools.secrets.SecretNotFoundException x -> "not_found";
      case dev.sectools.secrets.VersionConflictException x -> "conflict";
      case dev.sectools.secrets.SecretExpiredException x -> "expired";
      case dev.sectools.secrets.StoreBusyException x -> "busy";
      case dev.sectools.secrets.StoreFormatException x -> "format";
      case dev.sectools.secrets.IntegrityException x -> "integrity";
      case dev.sectools.secrets.StoreAccessDeniedException x -> "access_denied";
      case dev.sectools.audit.AuditException x -> "audit";
      case java.nio.file.FileAlreadyExistsException x -> "exists";
      case java.nio.file.NoSuchFileException x -> "no_store";
      case IOException x -> "io";
      case GeneralSecurityException x -> "crypto";
      case IllegalArgumentException x -> "invalid_argument";
      case IllegalStateException x -> "illegal_state";
      default -> "internal";
    };
  }

  /** Starts the gauges over an open store's counts. */
  void watch(StoreEngine engine);

  /** Counts a data-key rotation, by a caller or by the store's rotation interval on open. */
  void keyRotated(boolean automatic);

  /**
   * Notes that {@code operation} ran with degraded security, such as a value in memory that
   * could not be locked ({@code reason}: a short snake_case name). Never throws.
   */
  default void degraded(Operation operation, String reason) {}

  /** Counts versions re-encrypted under the primary key. */
  void reencrypted(long versions);

  /** Removes the gauges (the store is closing); counters and timers stay for the registry. */
  void close();
}
