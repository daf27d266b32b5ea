package dev.sectools.fs;

/** How paths appear in exception messages and log lines. */
public enum PathDisplay {
  /**
   * Paths are shown as {@code <redacted:…>} with a short per-process tag, so that one path can be
   * followed through a log without revealing its name. The default: file names of secrets
   * (customer ids, hostnames) are often secrets themselves.
   */
  REDACTED,
  /** Paths, relative to the root, are shown as given. */
  FULL
}
