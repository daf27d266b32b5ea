package dev.sectools.audit;

import dev.sectools.fs.Durability;
import dev.sectools.fs.PathDisplay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a store writes its audit log. Immutable; built with {@link #inStoreDirectory()}
 * or {@link #toFile(Path)}.
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.builder(dir, key)
 *     .audit(AuditConfig.inStoreDirectory().rotateAtBytes(16 << 20).build())
 *     .build();
 * }</pre>
 */
public final class AuditConfig {
  /** The log's file name in the store directory. */
  public static final String DEFAULT_FILE_NAME = "audit.log";
  /** The size at which the log is rotated unless set otherwise. */
  public static final long DEFAULT_ROTATE_AT_BYTES = 64L << 20;

  private final Path file; // null: in the store directory
  private final AuditFailureMode failureMode;
  private final PathDisplay pathDisplay;
  private final AuditLevel minimumLevel;
  private final long rotateAtBytes;
  private final Duration rotateAfter; // null: by size only
  private final Durability durability;

  private AuditConfig(Builder b) {
    this.file = b.file;
    this.failureMode = b.failureMode;
    this.pathDisplay = b.pathDisplay;
    this.minimumLevel = b.minimumLevel;
    this.rotateAtBytes = b.rotateAtBytes;
    this.rotateAfter = b.rotateAfter;
    this.durability = b.durability;
  }

  /** A log named {@value #DEFAULT_FILE_NAME} in the store's own ({@code 0700}) directory. */
  public static Builder inStoreDirectory() {
    return new Builder(null);
  }

  /**
   * A log in {@code file}, created {@code 0600} if missing; its directory must exist. Rotated
   * files take the same name with {@code .1}, {@code .2}, … appended.
   *
   * @throws IllegalArgumentException if {@code file} is not absolute
   */
  public static Builder toFile(Path file) {
    Objects.requireNonNull(file, "file");
    if (!file.isAbsolute() || file.getFileName() == null) {
      throw new IllegalArgumentException("audit log must be an absolute file path, was " + file);
    }
    return new Builder(file.normalize());
  }

  /** The log file, or empty for {@value #DEFAULT_FILE_NAME} in the store directory. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** What happens when an event cannot be written. */
  public AuditFailureMode failureMode() {
    return failureMode;
  }

  /** {@link PathDisplay#REDACTED} (the default) logs keyed hashes of paths; {@code FULL} logs them in plaintext. */
  public PathDisplay pathDisplay() {
    return pathDisplay;
  }

  /** Events below this level are not written. */
  public AuditLevel minimumLevel() {
    return minimumLevel;
  }

  /** The size past which the log moves to a numbered file and a new one starts. */
  public long rotateAtBytes() {
    return rotateAtBytes;
  }

  /** The age past which the log is rotated, if set. */
  public Optional<Duration> rotateAfter() {
    return Optional.ofNullable(rotateAfter);
  }

  /** Whether each event is {@code fsync}ed before the operation returns; see {@link Builder#durability}. */
  public Durability durability() {
    return durability;
  }

  @Override
  public String toString() {
    return "AuditConfig[file=" + (file == null ? DEFAULT_FILE_NAME : file) + ", failureMode=" + failureMode
        + ", pathDisplay=" + pathDisplay + ", minimumLevel=" + minimumLevel + "]";
  }

  /** Builds an {@link AuditConfig}; every setter validates its argument. */
  public static final class Builder {
    private final Path file;
    private AuditFailureMode failureMode = AuditFailureMode.FAIL_CLOSED;
    private PathDisplay pathDisplay = PathDisplay.REDACTED;
    private AuditLevel minimumLevel = AuditLevel.INFO;
    private long rotateAtBytes = DEFAULT_ROTATE_AT_BYTES;
    private Duration rotateAfter;
    private Durability durability = Durability.NONE;

    private Builder(Path file) {
      this.file = file;
    }

    /** Sets what an operation does when its event cannot be written ({@code FAIL_CLOSED} by default). */
    public Builder failureMode(AuditFailureMode mode) {
      this.failureMode = Objects.requireNonNull(mode, "failureMode");
      return this;
    }

    /** Sets whether paths are logged as keyed hashes ({@code REDACTED}, the default) or in plaintext. */
    public Builder pathDisplay(PathDisplay display) {
      this.pathDisplay = Objects.requireNonNull(display, "pathDisplay");
      return this;
    }

    /** Sets the lowest level written ({@code INFO} by default). */
    public Builder minimumLevel(AuditLevel level) {
      this.minimumLevel = Objects.requireNonNull(level, "minimumLevel");
      return this;
    }

    /**
     * Sets the size at which the log is rotated.
     *
     * @throws IllegalArgumentException if below 4096
     */
    public Builder rotateAtBytes(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("rotateAtBytes must be at least 4096, was " + bytes);
      }
      this.rotateAtBytes = bytes;
      return this;
    }

    /**
     * Also rotates the log once its first event is older than {@code age}.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder rotateAfter(Duration age) {
      Objects.requireNonNull(age, "rotateAfter");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("rotateAfter must be positive, was " + age);
      }
      this.rotateAfter = age;
      return this;
    }

    /**
     * Sets how durable each event is before the operation returns. {@link Durability#NONE} (the
     * default): written to the file, which a crash of the process cannot lose, but a power failure
     * can. {@code FILE} or {@code FILE_AND_DIRECTORY}: {@code fsync}ed too (about a millisecond
     * per operation on a disk), and the directory synced when a file is created or rotated.
     */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Returns the immutable configuration. */
    public AuditConfig build() {
      return new AuditConfig(this);
    }
  }
}
