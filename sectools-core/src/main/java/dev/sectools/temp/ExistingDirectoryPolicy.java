package dev.sectools.temp;

/**
 * What {@link SecureTemp#ensurePrivateDirectory(java.nio.file.Path, ExistingDirectoryPolicy)}
 * does when the directory already exists with group or other permission bits set.
 */
public enum ExistingDirectoryPolicy {
  /**
   * Refuse with {@link InsecureDirectoryException} naming the problem; the default. Choose this
   * when a too-open directory means something went wrong: whatever is inside may already have
   * been read or planted by someone else.
   */
  REFUSE,
  /**
   * Set the permissions to exactly {@code 0700} through a descriptor opened with
   * {@code O_NOFOLLOW | O_DIRECTORY} (never a chmod by path). A link, a non-directory, or a
   * directory owned by another user is still refused.
   */
  TIGHTEN
}
