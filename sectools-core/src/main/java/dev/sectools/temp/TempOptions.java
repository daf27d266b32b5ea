package dev.sectools.temp;

import dev.sectools.fs.PathDisplay;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how {@link SecureTemp} creates a temp file or directory. Immutable; build with
 * {@link #builder()}. The defaults are the secure choice: base {@code java.io.tmpdir}, deleted on
 * close, no overwrite, paths redacted in messages.
 */
public final class TempOptions {
  private final BaseDirectory baseDirectory;
  private final Path basePath;
  private final DeleteOnClose deleteOnClose;
  private final Overwrite overwrite;
  private final PathDisplay pathDisplay;

  private TempOptions(Builder b) {
    this.baseDirectory = b.baseDirectory;
    this.basePath = b.basePath;
    this.deleteOnClose = b.deleteOnClose;
    this.overwrite = b.overwrite;
    this.pathDisplay = b.pathDisplay;
  }

  /** The defaults: {@link BaseDirectory#JAVA_IO_TMPDIR}, {@link DeleteOnClose#DELETE}, {@link Overwrite#NONE}, {@link PathDisplay#REDACTED}. */
  public static TempOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The explicit base directory, if one was set with {@link Builder#baseDirectory(Path)}. */
  public Optional<Path> basePath() {
    return Optional.ofNullable(basePath);
  }

  /** The well-known base directory used when no explicit path is set. */
  public BaseDirectory baseDirectory() {
    return baseDirectory;
  }

  /** What close does with the file or tree. */
  public DeleteOnClose deleteOnClose() {
    return deleteOnClose;
  }

  /** Whether contents are overwritten before removal. */
  public Overwrite overwrite() {
    return overwrite;
  }

  /** How paths appear in exceptions. */
  public PathDisplay pathDisplay() {
    return pathDisplay;
  }

  /**
   * The base directory these options name, absolute and normalized.
   *
   * @throws NoSuchFileException if {@link BaseDirectory#XDG_RUNTIME_DIR} is chosen and the
   *     variable is not set (or {@code java.io.tmpdir} is empty)
   */
  Path resolveBase() throws NoSuchFileException {
    if (basePath != null) {
      return basePath;
    }
    String value = switch (baseDirectory) {
      case JAVA_IO_TMPDIR -> System.getProperty("java.io.tmpdir", "");
      case XDG_RUNTIME_DIR -> Objects.requireNonNullElse(System.getenv("XDG_RUNTIME_DIR"), "");
    };
    if (value.isEmpty()) {
      throw new NoSuchFileException(baseDirectory.name(), null, "not set in this environment");
    }
    return Path.of(value).toAbsolutePath().normalize();
  }

  @Override
  public String toString() {
    return "TempOptions{base=" + (basePath != null ? "<path>" : baseDirectory) + ", deleteOnClose="
        + deleteOnClose + ", overwrite=" + overwrite + ", pathDisplay=" + pathDisplay + "}";
  }

  /** Builds {@link TempOptions}. */
  public static final class Builder {
    private BaseDirectory baseDirectory = BaseDirectory.JAVA_IO_TMPDIR;
    private Path basePath;
    private DeleteOnClose deleteOnClose = DeleteOnClose.DELETE;
    private Overwrite overwrite = Overwrite.NONE;
    private PathDisplay pathDisplay = PathDisplay.REDACTED;

    private Builder() {}

    /** Creates temp entries in a well-known directory; clears an explicit base path. */
    public Builder baseDirectory(BaseDirectory base) {
      this.baseDirectory = Objects.requireNonNull(base, "base");
      this.basePath = null;
      return this;
    }

    /**
     * Creates temp entries in {@code dir}. The path is resolved (links followed) when an entry
     * is created, so it should come from trusted configuration; the directory it names is then
     * checked (see {@link SecureTemp}).
     */
    public Builder baseDirectory(Path dir) {
      this.basePath = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
      return this;
    }

    /** Sets what close does. */
    public Builder deleteOnClose(DeleteOnClose action) {
      this.deleteOnClose = Objects.requireNonNull(action, "deleteOnClose");
      return this;
    }

    /** Sets whether contents are overwritten before removal (best-effort; see {@link Overwrite}). */
    public Builder overwrite(Overwrite overwrite) {
      this.overwrite = Objects.requireNonNull(overwrite, "overwrite");
      return this;
    }

    /** Sets how paths are shown in exceptions. */
    public Builder pathDisplay(PathDisplay display) {
      this.pathDisplay = Objects.requireNonNull(display, "pathDisplay");
      return this;
    }

    /** Returns the immutable options. */
    public TempOptions build() {
      return new TempOptions(this);
    }
  }
}
