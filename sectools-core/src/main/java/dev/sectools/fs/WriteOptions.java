package dev.sectools.fs;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a file is written: permissions, durability, mode, size cap and path policies. Immutable;
 * build with {@link #builder()}.
 *
 * <p>{@link #baseDir()} and {@link #allowedRoots()} choose the root for {@link SecureFiles}; a
 * {@link ConfinedRoot} already has its root and ignores them.
 *
 * <pre>{@code
 * WriteOptions opts = WriteOptions.builder()
 *     .mode(WriteMode.CREATE_NEW)
 *     .permissions(PosixFilePermissions.fromString("rw-r-----"))
 *     .build();
 * root.write("tls/server.key", keyBytes, opts);
 * }</pre>
 */
public final class WriteOptions {
  /** The default write cap: 16 MiB. */
  public static final long DEFAULT_MAX_SIZE_BYTES = 16L * 1024 * 1024;

  private static final WriteOptions DEFAULTS = builder().build();

  private final Path baseDir;
  private final List<Path> allowedRoots;
  private final long maxSizeBytes;
  private final SymlinkPolicy symlinkPolicy;
  private final DotDotPolicy dotDotPolicy;
  private final HardLinkPolicy hardLinkPolicy;
  private final Set<PosixFilePermission> permissions;
  private final Durability durability;
  private final WriteMode mode;

  private WriteOptions(Builder b) {
    this.baseDir = b.baseDir;
    this.allowedRoots = List.copyOf(b.allowedRoots);
    this.maxSizeBytes = b.maxSizeBytes;
    this.symlinkPolicy = b.symlinkPolicy;
    this.dotDotPolicy = b.dotDotPolicy;
    this.hardLinkPolicy = b.hardLinkPolicy;
    this.permissions = Set.copyOf(b.permissions);
    this.durability = b.durability;
    this.mode = b.mode;
  }

  /**
   * The defaults: permissions {@code 0600}, {@link Durability#FILE_AND_DIRECTORY},
   * {@link WriteMode#REPLACE}, 16 MiB cap, links denied, {@code ..} rejected.
   */
  public static WriteOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder()
        .baseDir(baseDir)
        .allowedRoots(allowedRoots)
        .maxSizeBytes(maxSizeBytes)
        .symlinkPolicy(symlinkPolicy)
        .dotDotPolicy(dotDotPolicy)
        .hardLinkPolicy(hardLinkPolicy)
        .permissions(permissions)
        .durability(durability)
        .mode(mode);
  }

  /** The directory relative paths are resolved in by {@link SecureFiles}; default {@code java.io.tmpdir}. */
  public Path baseDir() {
    return baseDir;
  }

  /** Directories under which {@link SecureFiles} accepts absolute paths; default none. */
  public List<Path> allowedRoots() {
    return allowedRoots;
  }

  /** The most bytes a write accepts before failing with {@link SizeLimitExceededException}. */
  public long maxSizeBytes() {
    return maxSizeBytes;
  }

  /** What resolution of the parent directories does with links; default {@link SymlinkPolicy#DENY}. */
  public SymlinkPolicy symlinkPolicy() {
    return symlinkPolicy;
  }

  /** What {@code ..} segments do; default {@link DotDotPolicy#REJECT}. */
  public DotDotPolicy dotDotPolicy() {
    return dotDotPolicy;
  }

  /** Whether appends to multiply-linked files are allowed; default {@link HardLinkPolicy#ALLOW}. */
  public HardLinkPolicy hardLinkPolicy() {
    return hardLinkPolicy;
  }

  /** The permissions a new file gets at creation; default owner read and write ({@code 0600}). */
  public Set<PosixFilePermission> permissions() {
    return permissions;
  }

  /** How long a write waits for stable storage; default {@link Durability#FILE_AND_DIRECTORY}. */
  public Durability durability() {
    return durability;
  }

  /** Whether an existing file may be replaced; default {@link WriteMode#REPLACE}. */
  public WriteMode mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "WriteOptions{mode=" + mode + ", durability=" + durability + ", permissions="
        + PosixFilePermissions.toString(permissions) + ", maxSizeBytes=" + maxSizeBytes
        + ", symlinkPolicy=" + symlinkPolicy + ", dotDotPolicy=" + dotDotPolicy + "}";
  }

  /** Builds {@link WriteOptions}; every setter validates its argument. */
  public static final class Builder {
    private Path baseDir = Path.of(System.getProperty("java.io.tmpdir"));
    private List<Path> allowedRoots = List.of();
    private long maxSizeBytes = DEFAULT_MAX_SIZE_BYTES;
    private SymlinkPolicy symlinkPolicy = SymlinkPolicy.DENY;
    private DotDotPolicy dotDotPolicy = DotDotPolicy.REJECT;
    private HardLinkPolicy hardLinkPolicy = HardLinkPolicy.ALLOW;
    private Set<PosixFilePermission> permissions =
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private Durability durability = Durability.FILE_AND_DIRECTORY;
    private WriteMode mode = WriteMode.REPLACE;

    private Builder() {}

    /**
     * Sets the base directory for relative paths.
     *
     * @throws IllegalArgumentException if {@code dir} is not absolute
     */
    public Builder baseDir(Path dir) {
      this.baseDir = OptionChecks.absolute(dir, "baseDir");
      return this;
    }

    /**
     * Sets the directories under which absolute paths are accepted.
     *
     * @throws IllegalArgumentException if any root is not absolute
     */
    public Builder allowedRoots(List<Path> roots) {
      this.allowedRoots = OptionChecks.absoluteAll(roots);
      return this;
    }

    /**
     * Sets the write cap.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder maxSizeBytes(long bytes) {
      this.maxSizeBytes = OptionChecks.positive(bytes, "maxSizeBytes");
      return this;
    }

    /** Sets the symbolic link policy for the parent directories. */
    public Builder symlinkPolicy(SymlinkPolicy policy) {
      this.symlinkPolicy = Objects.requireNonNull(policy, "symlinkPolicy");
      return this;
    }

    /** Sets the {@code ..} policy. */
    public Builder dotDotPolicy(DotDotPolicy policy) {
      this.dotDotPolicy = Objects.requireNonNull(policy, "dotDotPolicy");
      return this;
    }

    /** Sets the hard link policy for appends. */
    public Builder hardLinkPolicy(HardLinkPolicy policy) {
      this.hardLinkPolicy = Objects.requireNonNull(policy, "hardLinkPolicy");
      return this;
    }

    /**
     * Sets the permissions of newly created files. They are applied at creation, before any
     * byte is written, and exactly (the process umask does not narrow them further).
     *
     * @throws IllegalArgumentException if the set does not include {@code OWNER_WRITE}
     *     (sectools could not replace the file later)
     */
    public Builder permissions(Set<PosixFilePermission> perms) {
      Objects.requireNonNull(perms, "permissions");
      if (!perms.contains(PosixFilePermission.OWNER_WRITE)) {
        throw new IllegalArgumentException(
            "permissions must include OWNER_WRITE, was " + PosixFilePermissions.toString(perms));
      }
      this.permissions = perms.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : EnumSet.copyOf(perms);
      return this;
    }

    /** Sets the durability. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Sets the write mode. */
    public Builder mode(WriteMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Returns the immutable options. */
    public WriteOptions build() {
      return new WriteOptions(this);
    }
  }
}
