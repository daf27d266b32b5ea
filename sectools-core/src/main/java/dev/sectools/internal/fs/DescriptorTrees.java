package dev.sectools.internal.fs;

import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.internal.linux.ErrnoException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The link-safe tree operations of {@link Directories}, for other sectools packages (secure temp)
 * that hold their own directory descriptors. One mechanism, not a copy: removal here is exactly
 * what {@link dev.sectools.fs.ConfinedRoot#deleteRecursively} does.
 */
public final class DescriptorTrees {
  private DescriptorTrees() {}

  /**
   * Removes {@code name} (NUL-terminated) in the open directory {@code dirFd} and everything
   * below it, never following a link, even one swapped in during the removal.
   *
   * @param directoryOnly refuse ({@code ENOTDIR}) unless {@code name} is a directory
   */
  public static void deleteTree(int dirFd, byte[] name, boolean directoryOnly) throws ErrnoException {
    Directories.deleteTree(dirFd, name, directoryOnly);
  }

  /**
   * The exact, NUL-terminated names in the open directory {@code fd}, without {@code .} and
   * {@code ..}, in the kernel's order.
   */
  public static List<byte[]> names(int fd) throws ErrnoException {
    List<byte[]> out = new ArrayList<>();
    for (Directories.RawEntry raw : Directories.readRaw(fd)) {
      out.add(raw.cName());
    }
    return out;
  }

  /**
   * The typed {@link IOException} for a failed call on {@code display} (already redacted as
   * allowed), as confined file operations report it: {@code ELOOP} as a refused link,
   * {@code EEXIST} as {@link java.nio.file.FileAlreadyExistsException}, and so on.
   */
  public static IOException error(ErrnoException e, String display) {
    return Errors.of(e, display, SymlinkPolicy.DENY);
  }
}
