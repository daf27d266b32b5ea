package dev.sectools.fs;

/** What path resolution does when it meets a symbolic link. */
public enum SymlinkPolicy {
  /**
   * Refuse every symbolic link, in any component ({@code openat2} with
   * {@code RESOLVE_NO_SYMLINKS}). The default: nothing an attacker plants can redirect a path.
   */
  DENY,
  /**
   * Follow relative links whose resolution stays beneath the root; refuse absolute links and
   * links that climb out ({@link PathEscapeException}). Magic links ({@code /proc/self/fd/…})
   * are never followed. Writes and appends never go through a final link.
   */
  FOLLOW_WITHIN_ROOT
}
