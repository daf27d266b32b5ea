package dev.sectools.cache;

import java.time.Instant;

/**
 * A change to a cache's files that the cache did not make, reported by {@link IntegrityMonitor}.
 *
 * @param kind what happened
 * @param entry the file, relative to the cache directory ({@code content/ab/cd/<sha256>} or
 *     {@code index/<hash of the key>}); names hold no key in clear
 * @param detectedAt when the monitor saw it
 */
public record SecurityEvent(Kind kind, String entry, Instant detectedAt) {
  /** What happened to the file. */
  public enum Kind {
    /** A file appeared (created or renamed in) that the cache did not write. */
    CREATED_BY_OTHER,
    /** A file was written in place or had its attributes changed; the cache never does either. */
    MODIFIED
  }
}
