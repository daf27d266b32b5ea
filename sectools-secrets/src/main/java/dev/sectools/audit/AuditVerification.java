package dev.sectools.audit;

import java.util.Optional;

/**
 * The result of checking an audit log's chain.
 *
 * @param events how many lines verified before the first problem (all of them if none)
 * @param firstSequence the sequence number of the first line checked (later than 1 when older
 *     files were rotated away); 0 if the log is empty
 * @param lastSequence the sequence number of the last good line; 0 if none
 * @param problem the first problem found, if any
 * @param endsWithClose whether the last line records a store being closed; {@code false} means
 *     the last writer was killed, or lines were removed from the end (a chain cannot tell these
 *     apart: ship the log off the machine to keep its tail)
 */
public record AuditVerification(long events, long firstSequence, long lastSequence, Optional<AuditProblem> problem,
    boolean endsWithClose) {
  /** Whether every line verified. */
  public boolean intact() {
    return problem.isEmpty();
  }
}
