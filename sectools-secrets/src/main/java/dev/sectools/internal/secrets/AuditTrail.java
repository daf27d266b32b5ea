package dev.sectools.internal.secrets;

import dev.sectools.audit.AuditConfig;
import dev.sectools.audit.AuditException;
import dev.sectools.audit.AuditFailureMode;
import dev.sectools.audit.AuditLevel;
import dev.sectools.audit.AuditVerification;
import dev.sectools.fs.PathDisplay;
import dev.sectools.secrets.StoreConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The store's audit log: a {@link StoreMetrics} decorator that writes one chained event per
 * operation (time, level, operation, outcome, error kind, actor, store, keyed hash of the path,
 * version, key id, duration) after the operation ran, and sends it to {@code System.Logger}
 * ({@code dev.sectools.audit}) too. Never a value or a key; the path in plaintext only if the
 * configuration says so.
 */
public final class AuditTrail implements StoreMetrics {
  private static final System.Logger LOG = System.getLogger("dev.sectools.audit");
  // Key providers that protect the store less than the others: their opens are WARN events.
  private static final Set<String> DEGRADED_PROVIDERS = Set.of("machine-bound");
  private static final long PENDING_MAX_BYTES = 1 << 20;
  private static final Pattern PENDING = Pattern.compile(
      "\\{\"time\":\"([0-9TZ:.+-]{1,40})\",\"error\":\"([a-z_]{1,20})\",\"user\":\"([A-Za-z0-9._@-]{0,64})\",\"pid\":(\\d{1,10})}");

  private final StoreMetrics metrics;
  private final AuditWriter writer;
  private final AuditConfig config;
  private final StoreKeys keys;
  private final InstantSource clock;
  private final String fixedFields;
  private final boolean degraded;
  private final Set<String> reportedDegraded = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();

  private AuditTrail(StoreMetrics metrics, AuditWriter writer, AuditConfig config, StoreKeys keys,
      InstantSource clock, String fixedFields, boolean degraded) {
    this.metrics = metrics;
    this.writer = writer;
    this.config = config;
    this.keys = keys;
    this.clock = clock;
    this.fixedFields = fixedFields;
    this.degraded = degraded;
  }

  /**
   * {@code metrics} with the audit log of {@code config} in front, writing the event of the
   * open (or create) that took {@code openNanos}; {@code metrics} itself if there is no audit log.
   */
  public static StoreMetrics start(StoreMetrics metrics, StoreConfig config, StoreEngine engine, Operation opened,
      long openNanos) throws IOException, GeneralSecurityException {
    if (config.audit().isEmpty()) {
      return metrics;
    }
    AuditConfig audit = config.audit().get();
    StoreKeys keys = engine.currentKeys();
    Path file = audit.file().orElse(config.directory().resolve(AuditConfig.DEFAULT_FILE_NAME));
    String fixed = ",\"user\":\"" + json(System.getProperty("user.name", "?")) + "\",\"pid\":"
        + ProcessHandle.current().pid() + ",\"host\":\"" + json(hostName()) + "\",\"store\":\""
        + HexFormat.of().formatHex(keys.storeId()) + "\"";
    boolean degraded = DEGRADED_PROVIDERS.contains(config.keyProvider().kind());
    AuditWriter writer;
    try {
      writer = new AuditWriter(file, audit, keys, config.clock());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.ERROR, "could not open the audit log {0}: {1}", file, e.getClass().getSimpleName());
      if (audit.failureMode() == AuditFailureMode.BEST_EFFORT) {
        return metrics;
      }
      throw new AuditException("could not open the audit log " + file + "; the store is not opened", e);
    }
    AuditTrail trail = new AuditTrail(metrics, writer, audit, keys, config.clock(), fixed, degraded);
    trail.record(opened, new Target(null, 0, 0), null, openNanos, null);
    trail.chainFailedOpens(pendingFile(file));
    return trail;
  }

  private static Path logFile(StoreConfig config) {
    return config.audit().flatMap(AuditConfig::file).orElse(config.directory().resolve(AuditConfig.DEFAULT_FILE_NAME));
  }

  private static Path pendingFile(Path log) {
    return AuditFiles.directoryOf(log).resolve(AuditFiles.nameOf(log) + ".pending");
  }

  /**
   * Notes an open the key did not unlock. Without the key no chained line can be written, so
   * the attempt goes to {@code <log>.pending} (and to {@code System.Logger}); the next open
   * that succeeds moves it into the chain, marked as reported by an unauthenticated process.
   */
  public static void failedOpen(StoreConfig config, Throwable error) {
    String kind = StoreMetrics.errorKind(error);
    LOG.log(System.Logger.Level.WARNING, "store open refused ({0}) for user {1}, pid {2}", kind,
        System.getProperty("user.name", "?"), Long.toString(ProcessHandle.current().pid()));
    if (config.audit().isEmpty()) {
      return;
    }
    Path pending = pendingFile(logFile(config));
    String line = "{\"time\":\"" + config.clock().instant() + "\",\"error\":\"" + kind + "\",\"user\":\""
        + json(System.getProperty("user.name", "?")) + "\",\"pid\":" + ProcessHandle.current().pid() + "}\n";
    try (FileChannel c = FileChannel.open(pending,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      if (c.size() < PENDING_MAX_BYTES) {
        c.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "could not note the refused open for the audit log: {0}",
          e.getClass().getSimpleName());
    }
  }

  // Moves refused opens noted by processes without the key into the chain, then forgets them.
  private void chainFailedOpens(Path pending) throws AuditException {
    List<String> lines;
    try {
      if (!Files.isRegularFile(pending, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      lines = Files.readAllLines(pending, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not read the refused opens noted for the audit log");
      return;
    }
    for (String text : lines) {
      Matcher m = PENDING.matcher(text);
      String fields = m.matches()
          ? ",\"at\":\"" + m.group(1) + "\",\"reported_user\":\"" + m.group(3) + "\",\"reported_pid\":" + m.group(4)
          : ",\"reported\":\"unreadable\"";
      String kind = m.matches() ? m.group(2) : "unknown";
      appendRaw(AuditLevel.ERROR, Operation.OPEN, kind, ",\"source\":\"unauthenticated\"" + fields);
    }
    try {
      Files.delete(pending);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not remove the noted refused opens; they may be logged again");
    }
  }

  private void appendRaw(AuditLevel level, Operation operation, String kind, String extra) throws AuditException {
    StringBuilder fields = header(level, operation, "error").append(",\"error\":\"").append(kind).append('"')
        .append(fixedFields).append(extra);
    try {
      emit(level, fields);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      refuse(e);
    }
  }

  /** Checks the chain of the log at {@code log} with the store's key. */
  public static AuditVerification verify(Path log, StoreEngine engine) throws IOException, GeneralSecurityException {
    return new AuditVerifier(engine.currentKeys()).verify(log);
  }

  /** The keyed hash of {@code text} as the log shows a path: {@code hmac-sha256:<hex>}. */
  public static String hash(StoreEngine engine, String text) throws GeneralSecurityException {
    return "hmac-sha256:" + HexFormat.of().formatHex(engine.currentKeys().auditHash(text));
  }

  /** The log this trail writes to. */
  public Path file() {
    return writer.file();
  }

  @Override
  public <T> T time(Operation operation, Call<T> call) throws IOException, GeneralSecurityException {
    return time(operation, new Target(null, 0, 0), call);
  }

  @Override
  public <T> T time(Operation operation, Target target, Call<T> call) throws IOException, GeneralSecurityException {
    long start = System.nanoTime();
    T result;
    try {
      result = metrics.time(operation, call);
    } catch (IOException | GeneralSecurityException | RuntimeException | Error e) {
      try {
        record(operation, target, null, System.nanoTime() - start, e);
      } catch (AuditException failed) {
        e.addSuppressed(failed);
      }
      throw e;
    }
    try {
      record(operation, target, result, System.nanoTime() - start, null);
    } catch (AuditException e) {
      if (result instanceof byte[] value) {
        Arrays.fill(value, (byte) 0); // a read whose event was not written returns nothing
      }
      throw e;
    }
    return result;
  }

  private void record(Operation operation, Target target, Object result, long nanos, Throwable error)
      throws AuditException {
    String kind = error == null ? null : StoreMetrics.errorKind(error);
    AuditLevel level = level(operation, kind);
    if (level.compareTo(config.minimumLevel()) < 0) {
      return;
    }
    long version = target.version();
    long keyId = target.keyId();
    if (result instanceof Long n && error == null) {
      if (operation == Operation.ROTATE_KEYS) {
        keyId = n;
      } else if (version == 0 && (operation == Operation.PUT || operation == Operation.ROLLBACK
          || operation == Operation.GENERATE)) {
        version = n;
      }
    }
    StringBuilder fields = header(level, operation, error == null ? "success" : "error");
    if (kind != null) {
      fields.append(",\"error\":\"").append(kind).append('"');
    }
    fields.append(fixedFields);
    try {
      if (target.path() != null) {
        fields.append(",\"path\":\"").append(config.pathDisplay() == PathDisplay.FULL
            ? json(target.path()) : "hmac-sha256:" + HexFormat.of().formatHex(keys.auditHash(target.path())))
            .append('"');
      }
      if (version != 0) {
        fields.append(",\"version\":").append(version);
      }
      if (keyId != 0) {
        fields.append(",\"key_id\":").append(keyId);
      }
      fields.append(",\"duration_us\":").append(nanos / 1000);
      emit(level, fields);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      refuse(e);
    }
  }

  /** The fields every event starts with; the fixed actor and store fields follow. */
  private StringBuilder header(AuditLevel level, Operation operation, String outcome) {
    return new StringBuilder(256)
        .append(",\"time\":\"").append(clock.instant()).append("\",\"level\":\"").append(level)
        .append("\",\"op\":\"").append(operation.tag()).append("\",\"outcome\":\"").append(outcome).append('"');
  }

  /** Sends the event to {@code System.Logger} and appends it to the chain. */
  private void emit(AuditLevel level, StringBuilder fields) throws IOException, GeneralSecurityException {
    log(level, fields);
    writer.append(fields.toString());
  }

  /** An event could not be written: the operation fails unless the log is best-effort. */
  private void refuse(Exception e) throws AuditException {
    LOG.log(System.Logger.Level.ERROR, "could not write the audit log ({0}): {1}", writer.file(),
        e.getClass().getSimpleName());
    if (config.failureMode() == AuditFailureMode.FAIL_CLOSED) {
      throw new AuditException("could not write the audit log " + writer.file() + "; the operation is refused", e);
    }
  }

  private AuditLevel level(Operation operation, String kind) {
    if (kind == null) {
      return degraded && (operation == Operation.OPEN || operation == Operation.CREATE) ? AuditLevel.WARN
          : AuditLevel.INFO;
    }
    return switch (kind) {
      case "integrity", "format" -> AuditLevel.CRITICAL;
      case "access_denied", "busy", "io", "audit", "crypto", "internal" -> AuditLevel.ERROR;
      default -> AuditLevel.WARN;
    };
  }

  // Routine events go to System.Logger at DEBUG, so a console logger is not flooded with reads.
  private static void log(AuditLevel level, CharSequence fields) {
    System.Logger.Level to = switch (level) {
      case DEBUG -> System.Logger.Level.TRACE;
      case INFO -> System.Logger.Level.DEBUG;
      case WARN -> System.Logger.Level.WARNING;
      case ERROR, CRITICAL -> System.Logger.Level.ERROR;
    };
    if (LOG.isLoggable(to)) {
      LOG.log(to, "audit {0}", "{" + fields.subSequence(1, fields.length()) + "}");
    }
  }

  /** Writes one WARN event per reason for this store handle; a failure to write it is only logged. */
  @Override
  public void degraded(Operation operation, String reason) {
    metrics.degraded(operation, reason);
    if (!reportedDegraded.add(reason)) {
      return;
    }
    StringBuilder fields = header(AuditLevel.WARN, operation, "success").append(",\"degraded\":\"")
        .append(reason).append('"').append(fixedFields);
    try {
      log(AuditLevel.WARN, fields);
      if (AuditLevel.WARN.compareTo(config.minimumLevel()) >= 0) {
        writer.append(fields.toString());
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "could not write a degraded-security event to the audit log");
    }
  }

  @Override
  public void watch(StoreEngine engine) {
    metrics.watch(engine);
  }

  @Override
  public void keyRotated(boolean automatic) {
    metrics.keyRotated(automatic);
  }

  @Override
  public void reencrypted(long versions) {
    metrics.reencrypted(versions);
  }

  /** Writes the close event, then closes the log. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    try {
      record(Operation.CLOSE, new Target(null, 0, 0), null, 0, null);
    } catch (AuditException e) {
      LOG.log(System.Logger.Level.ERROR, "could not write the close event to the audit log");
    }
    try {
      writer.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the audit log: {0}", e.getClass().getSimpleName());
    }
    metrics.close();
  }

  private static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
    } catch (IOException | RuntimeException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown" : env;
    }
  }

  /** {@code s} escaped for a JSON string. */
  static String json(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean validSurrogate(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
