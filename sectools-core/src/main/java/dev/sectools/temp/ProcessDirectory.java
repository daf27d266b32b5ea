package dev.sectools.temp;

import java.io.IOException;
import java.nio.file.Path;

/** Holds {@link SecureTemp#processDirectory()} and the shutdown hook that removes it. */
final class ProcessDirectory {
  private static final System.Logger LOG = System.getLogger("dev.sectools.temp");

  private static TempDirectory dir; // guarded by ProcessDirectory.class

  private ProcessDirectory() {}

  static synchronized Path get(String prefix) throws IOException {
    if (dir == null) {
      TempDirectory created = SecureTemp.createDirectory(prefix);
      try {
        Runtime.getRuntime().addShutdownHook(
            new Thread(() -> remove(created), "sectools-process-directory-cleanup"));
      } catch (IllegalStateException | SecurityException e) {
        created.close();
        throw e;
      }
      dir = created;
    }
    return dir.path();
  }

  private static void remove(TempDirectory created) {
    try {
      created.close();
    } catch (IOException | RuntimeException e) {
      // Nothing can be thrown from a shutdown hook; the message names paths in redacted form.
      LOG.log(System.Logger.Level.WARNING, "could not remove the process temp directory: " + e.getMessage());
    }
  }
}
