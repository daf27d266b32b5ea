package dev.sectools.internal.cache;

/** The current user's numeric id. */
public final class Uids {
  private Uids() {}

  /** The uid of this process, or -1 where the platform has none (Windows). */
  public static long current() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid();
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return -1;
    }
  }
}
