package dev.sectools.internal.secrets;

import dev.sectools.audit.AuditProblem;
import dev.sectools.audit.AuditProblem.Kind;
import dev.sectools.audit.AuditVerification;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log's chain across its rotated files and names the first line that is
 * altered, inserted, out of order, missing its predecessors, or cut short.
 */
final class AuditVerifier {
  private static final int MAX_LINE_BYTES = 1 << 20;

  private final StoreKeys keys;

  AuditVerifier(StoreKeys keys) {
    this.keys = keys;
  }

  /** One line as read: where it is, and what its chain fields say (null fields if it is not an event). */
  private record Entry(Path file, long number, AuditFiles.Line line, boolean authentic, boolean complete) {}

  AuditVerification verify(Path log) throws IOException, GeneralSecurityException {
    List<Entry> entries = new ArrayList<>();
    for (Path file : AuditFiles.all(log)) {
      read(file, entries);
    }
    String prev = null;
    long first = 0;
    long last = 0;
    long good = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      Optional<AuditProblem> problem = check(entries, i, prev, last);
      if (problem.isPresent()) {
        return new AuditVerification(good, first, last, problem, false);
      }
      if (prev == null) {
        first = e.line.seq();
      }
      prev = e.line.mac();
      last = e.line.seq();
      good++;
    }
    boolean closed = !entries.isEmpty() && "close".equals(entries.getLast().line.operation());
    return new AuditVerification(good, first, last, Optional.empty(), closed);
  }

  private static Optional<AuditProblem> check(List<Entry> entries, int i, String prev, long last) {
    Entry e = entries.get(i);
    if (!e.complete) {
      return problem(Kind.TRUNCATED, e, "the log ends inside this line: it was cut short after event #" + last);
    }
    if (e.line == null || !e.authentic) {
      Entry next = i + 1 < entries.size() ? entries.get(i + 1) : null;
      boolean chainsAround = prev != null && next != null && next.authentic && next.line.prev().equals(prev);
      return chainsAround
          ? problem(Kind.INSERTED, e, "this line is not from this store, between events #" + last + " and #"
              + next.line.seq())
          : problem(Kind.ALTERED, e, "this line was changed or is not from this store (after event #" + last + ")");
    }
    long seq = e.line.seq();
    if (prev == null) {
      return seq == 1 && !e.line.prev().equals(AuditWriter.GENESIS)
          ? problem(Kind.ALTERED, e, "event #1 does not start a chain")
          : Optional.empty();
    }
    if (seq == last + 1 && e.line.prev().equals(prev)) {
      return Optional.empty();
    }
    if (seq <= last) {
      return problem(Kind.REORDERED, e, "event #" + seq + " appears after event #" + last);
    }
    for (int j = i + 1; j < entries.size(); j++) {
      Entry later = entries.get(j);
      if (later.authentic && later.line.seq() == last + 1) {
        return problem(Kind.REORDERED, e, "event #" + seq + " comes before event #" + (last + 1));
      }
    }
    return problem(Kind.REMOVED, e, seq == last + 1
        ? "event #" + seq + " does not follow event #" + last
        : "events #" + (last + 1) + " to #" + (seq - 1) + " are missing before event #" + seq);
  }

  private static Optional<AuditProblem> problem(Kind kind, Entry e, String detail) {
    return Optional.of(new AuditProblem(kind, e.file, e.number, detail));
  }

  private void read(Path file, List<Entry> out) throws IOException, GeneralSecurityException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS))) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      long number = 0;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          out.add(entry(file, ++number, line, true));
          line.reset();
        } else if (line.size() < MAX_LINE_BYTES) {
          line.write(b);
        }
      }
      if (line.size() > 0) {
        out.add(entry(file, ++number, line, false));
      }
    }
  }

  private Entry entry(Path file, long number, ByteArrayOutputStream bytes, boolean complete)
      throws GeneralSecurityException {
    AuditFiles.Line line = AuditFiles.parse(bytes.toString(StandardCharsets.UTF_8));
    boolean authentic = line != null && MessageDigest.isEqual(
        HexFormat.of().parseHex(line.mac()), keys.auditTag(line.body().getBytes(StandardCharsets.UTF_8)));
    return new Entry(file, number, line, authentic, complete);
  }
}
