package dev.sectools.internal.secrets;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The audit log's files ({@code audit.log}, then {@code audit.log.1}, {@code .2}, … as it rotates) and line format. */
final class AuditFiles {
  private static final Pattern LINE = Pattern.compile(
      "\\{\"seq\":(\\d{1,19}),.*,\"prev\":\"([0-9a-f]{64})\",\"mac\":\"([0-9a-f]{64})\"}");
  private static final Pattern TIME = Pattern.compile("\\{\"seq\":\\d+,\"time\":\"([^\"]{1,40})\"");
  private static final Pattern OPERATION = Pattern.compile(",\"op\":\"([a-z_]{1,40})\"");

  private AuditFiles() {}

  /** One line's chain fields; {@code body} is what its HMAC covers. */
  record Line(long seq, String prev, String mac, String body, String operation) {}

  /** The chain fields of {@code text} (one line, without its newline), or null if it is not an event. */
  static Line parse(String text) {
    Matcher m = LINE.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long seq;
    try {
      seq = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    Matcher op = OPERATION.matcher(text);
    return new Line(seq, m.group(2), m.group(3), text.substring(0, text.lastIndexOf(AuditWriter.MAC_FIELD)),
        op.find() ? op.group(1) : "");
  }

  /** The log's rotated files, oldest first, then the log itself if it exists. */
  static List<Path> all(Path log) throws IOException {
    List<Path> files = new ArrayList<>(rotated(log));
    if (Files.exists(log)) {
      files.add(log);
    }
    return files;
  }

  /** The newest rotated file, or null. */
  static Path newestRotated(Path log) throws IOException {
    List<Path> rotated = rotated(log);
    return rotated.isEmpty() ? null : rotated.getLast();
  }

  /** The name the log moves to when it rotates next. */
  static Path nextRotated(Path log) throws IOException {
    List<Path> rotated = rotated(log);
    long next = rotated.isEmpty() ? 1 : number(log, rotated.getLast()) + 1;
    return directoryOf(log).resolve(nameOf(log) + "." + next);
  }

  private static List<Path> rotated(Path log) throws IOException {
    List<Path> out = new ArrayList<>();
    String prefix = nameOf(log) + ".";
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(directoryOf(log), p -> {
      String name = nameOf(p);
      return name.startsWith(prefix) && name.length() > prefix.length()
          && name.substring(prefix.length()).chars().allMatch(Character::isDigit)
          && name.length() - prefix.length() <= 18;
    })) {
      dir.forEach(out::add);
    } catch (NoSuchFileException e) {
      return out;
    }
    out.sort(Comparator.comparingLong(p -> number(log, p)));
    return out;
  }

  private static long number(Path log, Path rotated) {
    return Long.parseLong(nameOf(rotated).substring(nameOf(log).length() + 1));
  }

  static String nameOf(Path file) {
    Path name = file.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("not a file path: " + file);
    }
    return name.toString();
  }

  static Path directoryOf(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IllegalArgumentException("not a file path: " + file);
    }
    return dir;
  }

  /** The time of the first event in {@code file}, or null if there is none readable. */
  static Instant firstEventTime(Path file) throws IOException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String first = reader.readLine();
      Matcher m = first == null ? null : TIME.matcher(first);
      return m != null && m.lookingAt() ? Instant.parse(m.group(1)) : null;
    } catch (DateTimeParseException | java.nio.charset.MalformedInputException e) {
      return null;
    }
  }
}
