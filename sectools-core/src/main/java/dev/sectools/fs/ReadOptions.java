package dev.sectools.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a file is read: size cap and path policies. Immutable; build with {@link #builder()}.
 *
 * <p>{@link #baseDir()} and {@link #allowedRoots()} choose the root for {@link SecureFiles}; a
 * {@link ConfinedRoot} already has its root and ignores them.
 *
 * <pre>{@code
 * ReadOptions opts = ReadOptions.builder()
 *     .baseDir(Path.of("/etc/myapp"))
 *     .maxSizeBytes(64 * 1024)
 *     .build();
 * byte[] config = SecureFiles.read("config.json", opts);
 * }</pre>
 */
public final class ReadOptions {
  /** The default read cap: 16 MiB. */
  public static final long DEFAULT_MAX_SIZE_BYTES = 16L * 1024 * 1024;

  private static final ReadOptions DEFAULTS = builder().build();

  private final Path baseDir;
  private final List<Path> allowedRoots;
  private final long maxSizeBytes;
  private final SymlinkPolicy symlinkPolicy;
  private final DotDotPolicy dotDotPolicy;
  private final HardLinkPolicy hardLinkPolicy;

  private ReadOptions(Builder b) {
    this.baseDir = b.baseDir;
    this.allowedRoots = List.copyOf(b.allowedRoots);
    this.maxSizeBytes = b.maxSizeBytes;
    this.symlinkPolicy = b.symlinkPolicy;
    this.dotDotPolicy = b.dotDotPolicy;
    this.hardLinkPolicy = b.hardLinkPolicy;
  }

  /** The defaults: 16 MiB cap, links denied, {@code ..} rejected, base dir the system temp dir. */
  public static ReadOptions defaults() {
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
        .hardLinkPolicy(hardLinkPolicy);
  }

  /** The directory relative paths are resolved in by {@link SecureFiles}; default {@code java.io.tmpdir}. */
  public Path baseDir() {
    return baseDir;
  }

  /** Directories under which {@link SecureFiles} accepts absolute paths; default none. */
  public List<Path> allowedRoots() {
    return allowedRoots;
  }

  /** The most bytes a read returns before failing with {@link SizeLimitExceededException}. */
  public long maxSizeBytes() {
    return maxSizeBytes;
  }

  /** What resolution does with symbolic links; default {@link SymlinkPolicy#DENY}. */
  public SymlinkPolicy symlinkPolicy() {
    return symlinkPolicy;
  }

  /** What {@code ..} segments do; default {@link DotDotPolicy#REJECT}. */
  public DotDotPolicy dotDotPolicy() {
    return dotDotPolicy;
  }

  /** Whether multiply-linked files are read; default {@link HardLinkPolicy#ALLOW}. */
  public HardLinkPolicy hardLinkPolicy() {
    return hardLinkPolicy;
  }

  @Override
  public String toString() {
    return "ReadOptions{maxSizeBytes=" + maxSizeBytes + ", symlinkPolicy=" + symlinkPolicy
        + ", dotDotPolicy=" + dotDotPolicy + ", hardLinkPolicy=" + hardLinkPolicy
        + ", allowedRoots=" + allowedRoots.size() + "}";
  }

  /** Builds {@link ReadOptions}; every setter validates its argument. */
  public static final class Builder {
    private Path baseDir = Path.of(System.getProperty("java.io.tmpdir"));
    private List<Path> allowedRoots = List.of();
    private long maxSizeBytes = DEFAULT_MAX_SIZE_BYTES;
    private SymlinkPolicy symlinkPolicy = SymlinkPolicy.DENY;
    private DotDotPolicy dotDotPolicy = DotDotPolicy.REJECT;
    private HardLinkPolicy hardLinkPolicy = HardLinkPolicy.ALLOW;

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
     * Sets the read cap.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder maxSizeBytes(long bytes) {
      this.maxSizeBytes = OptionChecks.positive(bytes, "maxSizeBytes");
      return this;
    }

    /** Sets the symbolic link policy. */
    public Builder symlinkPolicy(SymlinkPolicy policy) {
      this.symlinkPolicy = Objects.requireNonNull(policy, "symlinkPolicy");
      return this;
    }

    /** Sets the {@code ..} policy. */
    public Builder dotDotPolicy(DotDotPolicy policy) {
      this.dotDotPolicy = Objects.requireNonNull(policy, "dotDotPolicy");
      return this;
    }

    /** Sets the hard link policy. */
    public Builder hardLinkPolicy(HardLinkPolicy policy) {
      this.hardLinkPolicy = Objects.requireNonNull(policy, "hardLinkPolicy");
      return this;
    }

    /** Returns the immutable options. */
    public ReadOptions build() {
      return new ReadOptions(this);
    }
  }
}
