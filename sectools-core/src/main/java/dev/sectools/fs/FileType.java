package dev.sectools.fs;

/** The type of a file, as reported without following a final symbolic link. */
public enum FileType {
  /** A regular file. */
  REGULAR,
  /** A directory. */
  DIRECTORY,
  /** A symbolic link (never followed by {@link ConfinedRoot#stat}). */
  SYMLINK,
  /** A named pipe. */
  FIFO,
  /** A Unix domain socket. */
  SOCKET,
  /** A character device. */
  CHARACTER_DEVICE,
  /** A block device. */
  BLOCK_DEVICE,
  /** Anything else, or a type the platform did not report. */
  OTHER
}
