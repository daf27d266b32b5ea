package dev.sectools.fs;

import java.util.Objects;

/**
 * How a {@link ConfinedRoot} resolves paths and shows them in errors. Immutable; build with
 * {@link #builder()}.
 */
public final class RootOptions {
  private static final RootOptions DEFAULTS = builder().build();

  private final Resolution resolution;
  private final PathDisplay pathDisplay;

  private RootOptions(Builder b) {
    this.resolution = b.resolution;
    this.pathDisplay = b.pathDisplay;
  }

  /** The defaults: {@link Resolution#AUTO}, {@link PathDisplay#REDACTED}. */
  public static RootOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** How paths are resolved. */
  public Resolution resolution() {
    return resolution;
  }

  /** How paths appear in exceptions and logs. */
  public PathDisplay pathDisplay() {
    return pathDisplay;
  }

  @Override
  public String toString() {
    return "RootOptions{resolution=" + resolution + ", pathDisplay=" + pathDisplay + "}";
  }

  /** Builds {@link RootOptions}. */
  public static final class Builder {
    private Resolution resolution = Resolution.AUTO;
    private PathDisplay pathDisplay = PathDisplay.REDACTED;

    private Builder() {}

    /** Sets the resolution mode. */
    public Builder resolution(Resolution resolution) {
      this.resolution = Objects.requireNonNull(resolution, "resolution");
      return this;
    }

    /** Sets how paths are shown. */
    public Builder pathDisplay(PathDisplay display) {
      this.pathDisplay = Objects.requireNonNull(display, "pathDisplay");
      return this;
    }

    /** Returns the immutable options. */
    public RootOptions build() {
      return new RootOptions(this);
    }
  }
}
