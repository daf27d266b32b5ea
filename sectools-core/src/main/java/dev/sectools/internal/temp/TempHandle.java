package dev.sectools.internal.temp;

import dev.sectools.temp.Overwrite;
import java.io.IOException;
import java.nio.file.Path;

/** A created temp file or directory and what is needed to remove it safely. */
public interface TempHandle {
  /** The entry's absolute path. */
  Path path();

  /** The open read-write channel of a temp file; {@code null} for a directory. */
  PositionalChannel channel();

  /**
   * Overwrites (if asked), removes the entry without following links, and releases every
   * descriptor, even on failure.
   *
   * @throws dev.sectools.temp.TempCleanupException listing what remains
   */
  void delete(Overwrite overwrite) throws IOException;

  /** Releases every descriptor and leaves the entry in place. */
  void release();
}
