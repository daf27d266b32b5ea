package dev.sectools.secrets;

import dev.sectools.audit.AuditConfig;
import dev.sectools.fs.PathDisplay;
import dev.sectools.secrets.keys.KeyProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How to create or open a {@link SecretStore}: where it lives, where its key comes from, and its
 * policies. Immutable; built with {@link #builder(Path, KeyProvider)}.
 */
public final class StoreConfig {
  /** Versions kept per secret unless a secret says otherwise. */
  public static final int DEFAULT_MAX_VERSIONS = 10;
  /** How long a writer waits for another to finish before {@link StoreBusyException}. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  private final Path directory;
  private final KeyProvider keyProvider;
  private final InstantSource clock;
  private final Duration busyTimeout;
  private final int defaultMaxVersions;
  private final PathDisplay pathDisplay;
  private final Duration keyRotationInterval; // null: no automatic rotation
  private final MeterRegistry meterRegistry; // null: no metrics
  private final AuditConfig audit; // null: no audit log
  private final DatabaseConfig database; // null: SQLite in the directory

  private StoreConfig(Builder b) {
    this.audit = b.audit;
    this.database = b.database;
    this.meterRegistry = b.meterRegistry;
    this.keyRotationInterval = b.keyRotationInterval;
    this.directory = b.directory;
    this.keyProvider = b.keyProvider;
    this.clock = b.clock;
    this.busyTimeout = b.busyTimeout;
    this.defaultMaxVersions = b.defaultMaxVersions;
    this.pathDisplay = b.pathDisplay;
  }

  /**
   * Starts a configuration for the store in {@code directory} (created {@code 0700} by
   * {@link SecretStore#create}) unlocked by {@code keyProvider}.
   *
   * @throws IllegalArgumentException if {@code directory} is not absolute
   */
  public static Builder builder(Path directory, KeyProvider keyProvider) {
    return new Builder(directory, keyProvider);
  }

  /**
   * The store's directory: the database is {@code store.db} inside it, unless the store is in a
   * {@link #database()}; then it holds this host's own files of the store (the audit log).
   */
  public Path directory() {
    return directory;
  }

  /** Where the store's key-encryption key comes from. */
  public KeyProvider keyProvider() {
    return keyProvider;
  }

  /** The clock for version times and expiry. */
  public InstantSource clock() {
    return clock;
  }

  /** How long a write waits for a lock held by another writer. */
  public Duration busyTimeout() {
    return busyTimeout;
  }

  /** Versions kept for a secret that sets no limit of its own. */
  public int defaultMaxVersions() {
    return defaultMaxVersions;
  }

  /** Whether error messages may name secret paths ({@link PathDisplay#REDACTED} by default). */
  public PathDisplay pathDisplay() {
    return pathDisplay;
  }

  /**
   * How old the primary data key may get before opening the store rotates it; empty (the
   * default) for no automatic rotation. Rotation adds a key; {@link SecretStore#reencrypt}
   * moves existing versions to it.
   */
  public java.util.Optional<Duration> keyRotationInterval() {
    return java.util.Optional.ofNullable(keyRotationInterval);
  }

  /**
   * The Micrometer registry the store reports to, if any; see {@link Builder#meterRegistry}.
   * (Micrometer is an optional dependency: it must be on the class path only if one is set.)
   */
  public java.util.Optional<MeterRegistry> meterRegistry() {
    return java.util.Optional.ofNullable(meterRegistry);
  }

  /** The audit log's configuration, if the store keeps one; see {@link Builder#audit}. */
  public java.util.Optional<AuditConfig> audit() {
    return java.util.Optional.ofNullable(audit);
  }

  /**
   * The PostgreSQL database holding the store's rows, shared by many hosts; empty (the default)
   * for the embedded SQLite file in {@link #directory()}. See {@link Builder#database}.
   */
  public java.util.Optional<DatabaseConfig> database() {
    return java.util.Optional.ofNullable(database);
  }

  @Override
  public String toString() {
    return "StoreConfig[" + (database == null ? "" : database + ", ") + "keyProvider=" + keyProvider.kind()
        + ", busyTimeout=" + busyTimeout
        + ", defaultMaxVersions=" + defaultMaxVersions + ", pathDisplay=" + pathDisplay + "]";
  }

  /** Builds a {@link StoreConfig}; every setter validates its argument. */
  public static final class Builder {
    private final Path directory;
    private final KeyProvider keyProvider;
    private InstantSource clock = InstantSource.system();
    private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
    private int defaultMaxVersions = DEFAULT_MAX_VERSIONS;
    private PathDisplay pathDisplay = PathDisplay.REDACTED;
    private Duration keyRotationInterval;
    private MeterRegistry meterRegistry;
    private AuditConfig audit;
    private DatabaseConfig database;

    private Builder(Path directory, KeyProvider keyProvider) {
      Objects.requireNonNull(directory, "directory");
      if (!directory.isAbsolute()) {
        throw new IllegalArgumentException("store directory must be an absolute path, was " + directory);
      }
      this.directory = directory.normalize();
      this.keyProvider = Objects.requireNonNull(keyProvider, "keyProvider");
    }

    /** Sets the clock (tests inject a fixed or stepping one). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long a write waits for another writer.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder busyTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "busyTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("busyTimeout must not be negative, was " + timeout);
      }
      this.busyTimeout = timeout;
      return this;
    }

    /**
     * Sets the versions kept per secret by default.
     *
     * @throws IllegalArgumentException unless between 1 and 1000
     */
    public Builder defaultMaxVersions(int versions) {
      if (versions < 1 || versions > 1000) {
        throw new IllegalArgumentException("defaultMaxVersions must be between 1 and 1000, was " + versions);
      }
      this.defaultMaxVersions = versions;
      return this;
    }

    /** Sets whether error messages may name secret paths. */
    public Builder pathDisplay(PathDisplay display) {
      this.pathDisplay = Objects.requireNonNull(display, "pathDisplay");
      return this;
    }

    /**
     * Rotates the data key when the store is opened and its primary key is older than
     * {@code interval}.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder keyRotationInterval(Duration interval) {
      Objects.requireNonNull(interval, "keyRotationInterval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("keyRotationInterval must be positive, was " + interval);
      }
      this.keyRotationInterval = interval;
      return this;
    }

    /**
     * Reports the store's metrics to {@code registry}, each meter tagged {@code store} with the
     * name of the store's directory:
     *
     * <ul>
     *   <li>{@code sectools.secrets.operations}: a timer per {@code operation} ({@code get},
     *       {@code put}, {@code open}, …) and {@code outcome} ({@code success}, {@code error});
     *   <li>{@code sectools.secrets.errors}: failures by {@code operation} and {@code kind}
     *       ({@code not_found}, {@code conflict}, {@code integrity}, {@code access_denied},
     *       {@code expired}, {@code busy}, {@code invalid_argument}, …);
     *   <li>{@code sectools.secrets.secrets} and {@code sectools.secrets.versions}: gauges, each
     *       reading costs one count query;
     *   <li>{@code sectools.secrets.key.rotations} ({@code trigger}: {@code manual} or
     *       {@code interval}) and {@code sectools.secrets.reencrypted.versions}: counters.
     * </ul>
     *
     * No meter or tag names a secret or carries a value.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * Keeps a tamper-evident audit log: one JSON line per operation, HMAC-chained (see
     * {@link dev.sectools.audit}). With {@link dev.sectools.audit.AuditFailureMode#FAIL_CLOSED}
     * (the default) an operation whose event cannot be written fails.
     */
    public Builder audit(AuditConfig audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    /**
     * Keeps the store's rows in a PostgreSQL database instead of the SQLite file in the
     * directory, so that many hosts share one store. Each host opens it with its own access to
     * the store's key-encryption key (the same passphrase, or a KMS or HSM key through its
     * {@link KeyProvider}); the audit log stays a local file in the directory of each host.
     * Writes from every host are serialisable: check-and-set loses no update across hosts.
     * {@link #busyTimeout} bounds the wait for a row lock held by another writer.
     *
     * <p>The PostgreSQL JDBC driver ({@code org.postgresql:postgresql}) and HikariCP must be on
     * the class path (on the module path: {@code --add-modules com.zaxxer.hikari}); sectools
     * depends on them optionally.
     */
    public Builder database(DatabaseConfig database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /** Returns the immutable configuration. */
    public StoreConfig build() {
      return new StoreConfig(this);
    }
  }
}
