package dev.sectools.fs;

import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Set;

/**
 * What {@link ConfinedRoot#stat} reports about a file. Holds metadata only.
 *
 * @param type the file's type; a final symbolic link is reported as {@link FileType#SYMLINK}
 * @param sizeBytes the size in bytes
 * @param permissions the POSIX permission bits
 * @param linkCount the number of hard links
 * @param ownerUid the owner's numeric user id, or -1 where the platform has none
 * @param lastModified the last modification time
 */
public record FileInfo(
    FileType type,
    long sizeBytes,
    Set<PosixFilePermission> permissions,
    long linkCount,
    long ownerUid,
    Instant lastModified) {

  /** Copies the permission set, so the record stays immutable. */
  public FileInfo {
    permissions = Set.copyOf(permissions);
  }

  /** Whether this is a regular file. */
  public boolean isRegularFile() {
    return type == FileType.REGULAR;
  }

  /** Whether this is a directory. */
  public boolean isDirectory() {
    return type == FileType.DIRECTORY;
  }
}
