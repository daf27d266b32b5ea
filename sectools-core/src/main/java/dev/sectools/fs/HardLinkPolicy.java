package dev.sectools.fs;

/** Whether files with more than one hard link are read and appended to. */
public enum HardLinkPolicy {
  /** Allow them. The default: hard links to files inside the root are common and harmless. */
  ALLOW,
  /**
   * Refuse a file whose link count is above one with {@link HardLinkRefusedException}: another
   * name for it may live outside the root (an attacker who can write the directory may have
   * linked a file they can read elsewhere). Atomic writes replace the name, never the shared
   * file, so they are unaffected.
   */
  REFUSE_MULTIPLE
}
