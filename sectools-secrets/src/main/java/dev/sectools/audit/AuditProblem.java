package dev.sectools.audit;

import java.nio.file.Path;

/**
 * The first thing wrong with an audit log, as {@link AuditVerification} reports it.
 *
 * @param kind what is wrong
 * @param file the log file it is in
 * @param line the line number in that file, from 1
 * @param detail one sentence for an operator, naming event sequence numbers, never content
 */
public record AuditProblem(Kind kind, Path file, long line, String detail) {
  /** What an audit log problem is. */
  public enum Kind {
    /** A line was changed, or is not from this store: its HMAC does not verify. */
    ALTERED,
    /** A line that is not from this store was put between two lines that chain to each other. */
    INSERTED,
    /** Events are missing: the line follows one that is not the event before it. */
    REMOVED,
    /** A genuine line is out of its place: moved, swapped or repeated. */
    REORDERED,
    /** The log ends inside a line: the file was cut short. */
    TRUNCATED
  }

  @Override
  public String toString() {
    return kind + " at " + file + ":" + line + ": " + detail;
  }
}
