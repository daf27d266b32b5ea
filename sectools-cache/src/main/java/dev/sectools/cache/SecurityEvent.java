package dev.sectools.cache;

import java.time.Instant;

/**
 * A change to a cache's files that the cache did not make, or a gap in what
 * {@link IntegrityMonitor} could see, reported by the monitor.
 *
 * @param kind what happened
 * @param entry the file, relative to the cache directory ({@code content/ab/cd/<sha256>} or
 *     {@code index/<hash of the key>}); names hold no key in clear. For {@link Kind#EVENTS_LOST},
 *     the directory whose events were lost ({@code index}, {@code content/ab/cd}, …), or the empty
 *     string if several were
 * @param detectedAt when the monitor saw it
 */
public record SecurityEvent(Kind kind, String entry, Instant detectedAt) {
  /** What happened to the file. */
  public enum Kind {
    /** A file appeared (created or renamed in) that the cache did not write. */
    CREATED_BY_OTHER,
    /** A file was written in place or had its attributes changed; the cache never does either. */
    MODIFIED,
    /**
     * The watch queue overflowed and the events of a directory were dropped: changes there went
     * unseen. The monitor then checks the entries there again; any that fail follow as
     * {@link #FOUND_CORRUPT}.
     */
    EVENTS_LOST,
    /**
     * The check that follows {@link #EVENTS_LOST} found an entry whose content no longer matches
     * the SHA-256 recorded when the cache wrote it (or is no longer a plain file); it was removed.
     */
    FOUND_CORRUPT
  }
}
