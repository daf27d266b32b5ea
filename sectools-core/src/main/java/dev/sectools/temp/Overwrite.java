package dev.sectools.temp;

/**
 * Whether file contents are overwritten before a temp file or tree is removed.
 *
 * <h2>Warning</h2>
 * Overwriting is best-effort. On SSDs (wear levelling, over-provisioning), copy-on-write file
 * systems (btrfs, ZFS, APFS), journalling file systems with data journalling, snapshots, backups
 * and swap, the old bytes may survive elsewhere on the device. Against a reader of the disk, keep
 * secrets off disk (or encrypt them) instead.
 */
public enum Overwrite {
  /** Remove without overwriting; the default. */
  NONE,
  /**
   * Overwrite every regular file with zeros and {@code fsync} it before removal. Files with more
   * than one hard link are not overwritten (the other name may be someone else's file).
   */
  ZEROS
}
