package dev.sectools.fs;

/** How a {@link ConfinedRoot} resolves paths beneath its directory descriptor. */
public enum Resolution {
  /**
   * {@link #OPENAT2} where the kernel offers it (Linux 5.6+), else {@link #DESCRIPTOR_WALK};
   * where neither works, opening the root fails with {@link ConfinementUnavailableException}.
   * The default.
   */
  AUTO,
  /** The kernel resolves: {@code openat2} with {@code RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS}. */
  OPENAT2,
  /**
   * sectools resolves, one component at a time from the root descriptor, with
   * {@code O_NOFOLLOW} on every step and links read and checked by hand. For kernels without
   * {@code openat2} or where seccomp blocks it.
   */
  DESCRIPTOR_WALK,
  /**
   * <b>Insecure.</b> Check-then-open by path name, for platforms where neither confined mode
   * exists (macOS, Windows). Refuses links and escapes that are visible when checked, but an
   * attacker who swaps a directory for a link between the check and the open can escape the
   * root. Use only where that attacker is out of scope.
   */
  ALLOW_INSECURE_PATH_CHECKS
}
