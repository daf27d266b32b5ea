package dev.sectools.internal.fs;

import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.PathEscapeException;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.internal.linux.Errno;
import dev.sectools.internal.linux.ErrnoException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Turns a failed libc call into the typed {@link IOException} a caller can act on. */
final class Errors {
  private Errors() {}

  static IOException of(ErrnoException e, ParsedPath path, SymlinkPolicy links) {
    return of(e, path.display(), links);
  }

  static IOException of(ErrnoException e, String display, SymlinkPolicy links) {
    IOException io = switch (e.errno()) {
      case Errno.EXDEV -> new PathEscapeException(display, "resolves outside the root");
      case Errno.ELOOP -> new SymlinkRefusedException(display, links == SymlinkPolicy.DENY
          ? "symbolic link refused (SymlinkPolicy.DENY)"
          : "symbolic link refused (final link, magic link, or too many levels of links)");
      case Errno.ENOENT -> new NoSuchFileException(display);
      case Errno.EEXIST -> new FileAlreadyExistsException(display);
      case Errno.EACCES, Errno.EPERM -> new AccessDeniedException(display, null, Errno.describe(e.errno()));
      case Errno.ENOTDIR -> new NotDirectoryException(display);
      case Errno.ENOTEMPTY -> new DirectoryNotEmptyException(display);
      case Errno.ENXIO, Errno.ENODEV, Errno.EISDIR ->
          new NotRegularFileException(display, "not a regular file: " + Errno.describe(e.errno()));
      case Errno.ENOSPC, Errno.EDQUOT -> new FileSystemException(display, null,
          "no space left on device (" + Errno.describe(e.errno()) + ")");
      default -> new FileSystemException(display, null, e.call() + ": " + Errno.describe(e.errno()));
    };
    io.initCause(e);
    return io;
  }
}
