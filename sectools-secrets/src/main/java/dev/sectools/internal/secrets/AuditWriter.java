package dev.sectools.internal.secrets;

import dev.sectools.audit.AuditConfig;
import dev.sectools.fs.Durability;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends chained lines to an audit log: each line ends with the HMAC of everything before it
 * in the line, which includes the previous line's HMAC. Many processes may append to one log:
 * each append holds an exclusive lock on the file, and picks up the chain's head from the file
 * when another process has written since.
 *
 * <p>Lines look like {@code {"seq":7,…,"prev":"<hex>","mac":"<hex>"}}; {@link AuditVerifier}
 * reads them back.
 */
final class AuditWriter implements AutoCloseable {
  static final String GENESIS = "0".repeat(64);
  static final String MAC_FIELD = ",\"mac\":\"";
  private static final int TAIL_BYTES = 64 * 1024;
  // One lock per log file in this JVM: FileChannel.lock is held per process, not per thread.
  private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final AuditConfig config;
  private final StoreKeys keys;
  private final InstantSource clock;
  private final ReentrantLock lock;
  private FileChannel channel;
  private Object fileKey;
  private long knownEnd = -1;
  private long seq;
  private String prev = GENESIS;
  private Instant fileStarted;

  AuditWriter(Path file, AuditConfig config, StoreKeys keys, InstantSource clock) throws IOException {
    this.file = file;
    this.config = config;
    this.keys = keys;
    this.clock = clock;
    this.lock = LOCKS.computeIfAbsent(file, f -> new ReentrantLock());
    lock.lock();
    try {
      openCurrent();
    } finally {
      lock.unlock();
    }
  }

  /** The log file this writer appends to. */
  Path file() {
    return file;
  }

  /**
   * Appends one event: {@code fields} is the JSON text of the event's fields after the
   * sequence number (starting with a comma), without the chain fields.
   */
  void append(String fields) throws IOException, GeneralSecurityException {
    lock.lock();
    try {
      FileLock held = lockCurrent();
      try {
        catchUp();
        if (dueForRotation()) {
          // Under the lock the log moves to the next numbered name; whoever locks next (this
          // writer or another process) starts the new file, continuing the chain from the old one.
          Files.move(file, AuditFiles.nextRotated(file));
          held.release();
          held = lockCurrent();
          catchUp();
          if (config.durability() != Durability.NONE) {
            syncDirectory();
          }
        }
        long next = seq + 1;
        String body = "{\"seq\":" + next + fields + ",\"prev\":\"" + prev + "\"";
        String mac = HexFormat.of().formatHex(keys.auditTag(body.getBytes(StandardCharsets.UTF_8)));
        long end = writeAtEnd(ByteBuffer.wrap((body + MAC_FIELD + mac + "\"}\n").getBytes(StandardCharsets.UTF_8)));
        if (config.durability() != Durability.NONE) {
          channel.force(false);
        }
        if (fileStarted == null) {
          fileStarted = clock.instant();
        }
        knownEnd = end;
        seq = next;
        prev = mac;
      } finally {
        held.release();
      }
    } finally {
      lock.unlock();
    }
  }

  // Every writer holds the file lock, so the end cannot move while it writes there.
  private long writeAtEnd(ByteBuffer buffer) throws IOException {
    long at = channel.size();
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
    return at;
  }

  // Locks the file the log's name points to now (another process may have rotated it).
  private FileLock lockCurrent() throws IOException {
    while (true) {
      FileLock held = channel.lock();
      Object current = currentKey();
      if (current != null && current.equals(fileKey)) {
        return held;
      }
      held.release();
      channel.close();
      openCurrent();
    }
  }

  private Object currentKey() throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private void openCurrent() throws IOException {
    boolean created = Files.notExists(file, LinkOption.NOFOLLOW_LINKS);
    channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      channel.close();
      throw new IOException("the audit log is not a regular file");
    }
    fileKey = attributes.fileKey();
    knownEnd = -1;
    if (created && config.durability() == Durability.FILE_AND_DIRECTORY) {
      syncDirectory();
    }
  }

  // Another process appended (or this is the first append): read the chain's head from the log.
  private void catchUp() throws IOException {
    long size = channel.size();
    if (size == knownEnd) {
      return;
    }
    fileStarted = null;
    if (size == 0) {
      Path newest = AuditFiles.newestRotated(file);
      Tail tail = newest == null ? null : tailOf(newest);
      seq = tail == null ? 0 : tail.seq;
      prev = tail == null ? GENESIS : tail.mac;
    } else {
      Tail tail = tailOf(channel, size);
      if (tail.partial) {
        writeAtEnd(ByteBuffer.wrap(new byte[] {'\n'})); // never append to a cut line
      }
      seq = tail.seq;
      prev = tail.mac;
      fileStarted = AuditFiles.firstEventTime(file);
    }
    knownEnd = channel.size();
  }

  private boolean dueForRotation() {
    if (knownEnd >= config.rotateAtBytes()) {
      return true;
    }
    return config.rotateAfter().isPresent() && fileStarted != null
        && !clock.instant().isBefore(fileStarted.plus(config.rotateAfter().get()));
  }

  private void syncDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(AuditFiles.directoryOf(file), StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  private static Tail tailOf(Path path) throws IOException {
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long size = c.size();
      return size == 0 ? null : tailOf(c, size);
    }
  }

  // The last complete, well-formed line's sequence number and HMAC.
  private static Tail tailOf(FileChannel c, long size) throws IOException {
    int n = (int) Math.min(size, TAIL_BYTES);
    ByteBuffer buffer = ByteBuffer.allocate(n);
    while (buffer.hasRemaining() && c.read(buffer, size - n + buffer.position()) > 0) {
      // read until full
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    boolean partial = !text.endsWith("\n");
    String[] lines = text.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      AuditFiles.Line line = AuditFiles.parse(lines[i]);
      if (line != null && (i < lines.length - 1 || !partial)) {
        return new Tail(line.seq(), line.mac(), partial);
      }
    }
    throw new IOException("the audit log's last lines are not audit events; run verification");
  }

  private record Tail(long seq, String mac, boolean partial) {}

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      channel.close();
    } finally {
      lock.unlock();
    }
  }
}
