package dev.sectools.internal.cache;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.DirectoryEntry;
import dev.sectools.fs.SymlinkRefusedException;
import java.io.IOException;
import java.nio.file.NotDirectoryException;
import java.util.List;

/** The part of the file store's {@code gc} that walks {@code content/ab/cd/}. */
final class ContentSweep {
  private ContentSweep() {}

  /**
   * Removes every content file no key in {@code state} points at, unless it is younger than
   * {@link FileStore#IN_FLIGHT_GRACE} (another process's put renames its content in before it
   * writes its record), and anything planted where a fan-out directory belongs; returns the bytes
   * of the files removed. Links are removed as links, never followed.
   */
  static long removeUnreferenced(ConfinedRoot root, StoreState state) throws IOException {
    long freed = 0;
    for (DirectoryEntry a : root.list(FileStore.CONTENT)) {
      String level1 = FileStore.CONTENT + "/" + a.name();
      for (DirectoryEntry b : listOrRemove(root, level1)) {
        String level2 = level1 + "/" + b.name();
        for (DirectoryEntry c : listOrRemove(root, level2)) {
          String path = level2 + "/" + c.name();
          if (!state.isReferenced(c.name()) && FileStore.settled(root, path)) {
            freed += root.stat(path).sizeBytes();
            root.deleteRecursively(path);
          }
        }
      }
    }
    return freed;
  }

  /** Lists a directory; anything else planted at that name is removed and lists as empty. */
  private static List<DirectoryEntry> listOrRemove(ConfinedRoot root, String path) throws IOException {
    try {
      return root.list(path);
    } catch (NotDirectoryException | SymlinkRefusedException e) {
      root.deleteIfExists(path);
      return List.of();
    }
  }
}
