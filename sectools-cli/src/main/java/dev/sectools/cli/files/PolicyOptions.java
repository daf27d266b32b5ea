package dev.sectools.cli.files;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.internal.SizeConverter;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.DotDotPolicy;
import dev.sectools.fs.HardLinkPolicy;
import dev.sectools.fs.PathDisplay;
import dev.sectools.fs.Resolution;
import dev.sectools.fs.RootOptions;
import dev.sectools.fs.SymlinkPolicy;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The root and the path policies shared by {@code file read} and {@code file write}. */
public final class PolicyOptions {
  /** {@code --symlinks}. */
  enum Symlinks {
    /** Refuse any link (default). */
    DENY,
    /** Follow links that stay inside the root. */
    FOLLOW
  }

  /** {@code --dotdot}. */
  enum DotDot {
    /** Refuse any {@code ..} segment (default). */
    REJECT,
    /** Allow {@code ..} that stays inside the root. */
    BENEATH
  }

  /** {@code --hardlinks}. */
  enum HardLinks {
    /** Allow files with several hard links (default). */
    ALLOW,
    /** Refuse a file with more than one hard link. */
    REFUSE
  }

  @Option(names = "--root", paramLabel = "DIR",
      description = "The directory the path is confined to. Default: $SECTOOLS_ROOT or the config file's root.")
  Path root;

  @Option(names = "--max-size", paramLabel = "BYTES", converter = SizeConverter.class,
      description = "Refuse files larger than this (default 16M; accepts K, M, G).")
  Long maxSize;

  @Option(names = "--symlinks", paramLabel = "POLICY", defaultValue = "deny",
      description = "deny (default) or follow (only links that stay inside the root).")
  Symlinks symlinks;

  @Option(names = "--dotdot", paramLabel = "POLICY", defaultValue = "reject",
      description = "reject (default) or beneath ('..' allowed while it stays inside the root).")
  DotDot dotDot;

  @Option(names = "--hardlinks", paramLabel = "POLICY", defaultValue = "allow",
      description = "allow (default) or refuse (a file with other hard links is refused).")
  HardLinks hardLinks;

  @Option(names = "--insecure-path-checks",
      description = "Where the kernel cannot confine paths (macOS, Windows), check them by name instead: racy.")
  boolean insecurePathChecks;

  /** For picocli. */
  public PolicyOptions() {}

  /**
   * Opens the root.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if no root was given
   */
  ConfinedRoot open() throws IOException {
    if (root == null) {
      throw new CliException(ExitCode.USAGE, "no root: give --root DIR (or set SECTOOLS_ROOT)");
    }
    return ConfinedRoot.open(root, RootOptions.builder()
        .resolution(insecurePathChecks ? Resolution.ALLOW_INSECURE_PATH_CHECKS : Resolution.AUTO)
        .pathDisplay(PathDisplay.FULL) // the user's own arguments; file contents never appear
        .build());
  }

  SymlinkPolicy symlinkPolicy() {
    return symlinks == Symlinks.FOLLOW ? SymlinkPolicy.FOLLOW_WITHIN_ROOT : SymlinkPolicy.DENY;
  }

  DotDotPolicy dotDotPolicy() {
    return dotDot == DotDot.BENEATH ? DotDotPolicy.RESOLVE_BENEATH : DotDotPolicy.REJECT;
  }

  HardLinkPolicy hardLinkPolicy() {
    return hardLinks == HardLinks.REFUSE ? HardLinkPolicy.REFUSE_MULTIPLE : HardLinkPolicy.ALLOW;
  }
}
