package dev.sectools.internal.fs;

import dev.sectools.fs.HardLinkRefusedException;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.PathEscapeException;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkRefusedException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Rebuilds the JDK's file-system exceptions for {@link PathCheckEngine} so that they name a path
 * only in the form the root's {@link dev.sectools.fs.PathDisplay} allows.
 */
final class PathCheckErrors {
  private PathCheckErrors() {}

  static IOException hidden(IOException e, ParsedPath path) {
    return hidden(e, path.display());
  }

  // JDK exceptions name the real location on disk, which may itself be secret. They are rebuilt
  // naming the path as the caller may see it; the stack trace is kept, the message is not.
  static IOException hidden(IOException e, String display) {
    IOException shown = switch (e) {
      case PathEscapeException _, SymlinkRefusedException _, NotRegularFileException _,
          HardLinkRefusedException _, SizeLimitExceededException _ -> e;
      case NoSuchFileException _ -> new NoSuchFileException(display);
      case FileAlreadyExistsException _ -> new FileAlreadyExistsException(display);
      case AccessDeniedException x -> new AccessDeniedException(display, null, x.getReason());
      case DirectoryNotEmptyException _ -> new DirectoryNotEmptyException(display);
      case NotDirectoryException _ -> new NotDirectoryException(display);
      case FileSystemException x -> new FileSystemException(display, null, x.getReason());
      default -> e;
    };
    if (shown != e) {
      shown.setStackTrace(e.getStackTrace());
    }
    return shown;
  }
}
