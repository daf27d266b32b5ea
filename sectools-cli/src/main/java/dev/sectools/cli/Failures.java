package dev.sectools.cli;

import dev.sectools.audit.AuditException;
import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.fs.ConfinementUnavailableException;
import dev.sectools.fs.HardLinkRefusedException;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.PathEscapeException;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.secrets.BackupFormatException;
import dev.sectools.secrets.IntegrityException;
import dev.sectools.secrets.InvalidSecretPathException;
import dev.sectools.secrets.PlaintextFormatException;
import dev.sectools.secrets.SecretExpiredException;
import dev.sectools.secrets.SecretNotFoundException;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreBusyException;
import dev.sectools.secrets.StoreUnavailableException;
import dev.sectools.secrets.StoreFormatException;
import dev.sectools.secrets.VersionConflictException;
import dev.sectools.temp.InsecureDirectoryException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import picocli.CommandLine.ParameterException;

/**
 * The one table from errors to exit codes and to the line the user reads. Library messages are
 * reused only where the library promises they hold no secret (all of sectools' own exceptions
 * do); other messages are replaced by a description of the kind of failure.
 */
public final class Failures {
  private Failures() {}

  /**
   * An error as the user sees it.
   *
   * @param exit the exit code
   * @param message one line: what went wrong and what to do. Control characters and other
   *     invisible ones are escaped here, whatever the message was made from, so that text the
   *     user gave (a key, a path) can neither end the line and forge another nor send the
   *     terminal escape codes.
   */
  public record Failure(ExitCode exit, String message) {
    /** Escapes what {@link #quoted} escapes, leaving the rest as it is. */
    public Failure {
      message = message == null ? null : escaped(message, false);
    }
  }

  /**
   * {@code text} the user gave (a namespace, a key, a path), ready to be named in a message: in
   * single quotes, with backslashes doubled and every control character or other invisible one
   * (format characters such as bidirectional overrides, separators, unassigned code points) written
   * as an escape: {@code \n}, {@code \r}, {@code \t}, else a backslash, {@code x}, {@code u} or
   * {@code U} and the code point in 2, 4 or 8 hex digits. Printable text of any script is shown as
   * it is.
   */
  public static String quoted(String text) {
    return "'" + escaped(text, true) + "'";
  }

  private static String escaped(String text, boolean backslashes) {
    if (text.codePoints().noneMatch(c -> invisible(c) || (backslashes && c == '\\'))) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\\' -> sb.append(backslashes ? "\\\\" : "\\");
        default -> {
          if (!invisible(c)) {
            sb.appendCodePoint(c);
          } else if (c <= 0xff) {
            sb.append(String.format(Locale.ROOT, "\\x%02x", c));
          } else if (c <= 0xffff) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", c));
          } else {
            sb.append(String.format(Locale.ROOT, "\\U%08x", c));
          }
        }
      }
    });
    return sb.toString();
  }

  private static boolean invisible(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
      default -> false;
    };
  }

  /** Classifies {@code error}: its exit code and its one-line message. */
  public static Failure classify(Throwable error) {
    return switch (error) {
      case CliException e -> new Failure(e.exitCode(), e.getMessage());
      case ParameterException e -> new Failure(ExitCode.USAGE, e.getMessage());
      case InvalidSecretPathException e -> new Failure(ExitCode.USAGE,
          "invalid secret path: " + e.getMessage() + "; paths look like namespace/name");
      case SecretNotFoundException e -> new Failure(ExitCode.NOT_FOUND,
          e.getMessage() + "; see what exists with 'sectools secrets list' and 'sectools secrets versions PATH'");
      case VersionConflictException e -> new Failure(ExitCode.CONFLICT, conflict(e));
      case FileAlreadyExistsException e -> new Failure(ExitCode.CONFLICT,
          "already exists: " + reason(e) + "; choose another location or remove the existing one first");
      case IntegrityException e -> new Failure(ExitCode.INTEGRITY,
          "integrity check failed: stored data was changed, moved or damaged; restore the store from a backup");
      case StoreFormatException e -> new Failure(ExitCode.INTEGRITY,
          "not a usable store: " + e.getMessage() + "; check --store, or restore it from a backup");
      case BackupFormatException e -> new Failure(ExitCode.INTEGRITY,
          "not a usable backup: " + e.getMessage() + "; check --in names a sectools backup");
      case PlaintextFormatException e -> new Failure(ExitCode.USAGE,
          "bad plaintext: " + e.getMessage() + "; nothing was imported or exported, fix the input or use --format json");
      case AuditException e -> new Failure(ExitCode.INTERNAL,
          "audit log failure: " + e.getMessage() + "; check the log's directory, free space and permissions");
      case StoreAccessDeniedException e -> new Failure(ExitCode.ACCESS_DENIED,
          "access denied: " + e.getMessage() + "; check the passphrase (--passphrase-file, SECTOOLS_PASSPHRASE_FILE)");
      case SecretExpiredException e -> new Failure(ExitCode.EXPIRED,
          e.getMessage() + " (expired " + e.expired() + "); write a new value with 'sectools secrets set'");
      case InsecureDirectoryException e -> new Failure(ExitCode.POLICY,
          "refused: " + e.getMessage() + "; use a directory only you can reach (chmod 700)");
      case PathEscapeException e -> policy(e.getMessage(), "use a path inside --root");
      case SymlinkRefusedException e -> policy(e.getMessage(), "links are refused; name the file itself, or see --symlinks");
      case HardLinkRefusedException e -> policy(e.getMessage(), "the file has other hard links; see --hardlinks");
      case NotRegularFileException e -> policy(e.getMessage(), "only regular files are read or written");
      case SizeLimitExceededException e -> policy(e.getMessage(), "raise the limit with --max-size");
      case ConfinementUnavailableException e -> policy(e.getMessage(),
          "this platform cannot confine paths; see docs/files.md");
      case CacheMissException e -> new Failure(ExitCode.NOT_FOUND, "not in the cache; fetch it and 'sectools cache put' it");
      case CacheCorruptionException e -> new Failure(ExitCode.INTEGRITY,
          "a cache entry failed verification and was removed; put it again");
      case ContentMismatchException e -> new Failure(ExitCode.INTEGRITY,
          "the content does not match the expected SHA-256; nothing was stored");
      case NoSuchFileException e -> new Failure(ExitCode.NOT_FOUND, "not found: " + reason(e));
      case AccessDeniedException e -> new Failure(ExitCode.ACCESS_DENIED,
          "permission denied: " + reason(e) + "; check the file's owner and mode");
      case StoreBusyException e -> new Failure(ExitCode.INTERNAL,
          "the store is busy: another process held its lock too long; retry, or raise --busy-timeout");
      case StoreUnavailableException e -> new Failure(ExitCode.INTERNAL, e.getMessage() + "; retry when it is back");
      case GeneralSecurityException e -> new Failure(ExitCode.ACCESS_DENIED,
          "the store's key is not available; check the key provider and passphrase");
      case IllegalArgumentException e -> new Failure(ExitCode.USAGE,
          "invalid input: " + e.getMessage() + "; see --help");
      case IOException e -> new Failure(ExitCode.INTERNAL,
          "I/O error (" + e.getClass().getSimpleName() + "); rerun with --verbose for details");
      default -> new Failure(ExitCode.INTERNAL,
          "internal error (" + error.getClass().getSimpleName() + "); rerun with --stacktrace and report it");
    };
  }

  private static Failure policy(String message, String hint) {
    return new Failure(ExitCode.POLICY, "refused: " + message + "; " + hint);
  }

  private static String conflict(VersionConflictException e) {
    if (e.expectedVersion() < 0) {
      return "conflict: the secret requires check-and-set; retry with --cas "
          + e.currentVersion();
    }
    return "conflict: expected version " + e.expectedVersion() + " but the current version is "
        + e.currentVersion() + "; read it again and retry with --cas " + e.currentVersion();
  }

  private static String reason(java.nio.file.FileSystemException e) {
    String file = e.getFile() == null ? "" : e.getFile();
    String why = e.getReason() == null ? "" : e.getReason();
    if (file.isEmpty()) {
      return why;
    }
    return why.isEmpty() ? file : file + " (" + why + ")";
  }
}
