package dev.sectools.internal.linux;

import java.io.Serial;

/**
 * A failed libc call: the name of the call and its {@code errno}.
 *
 * <p>Internal and cheap (no stack trace): callers translate it into a typed {@code IOException}
 * that names the path in the caller's chosen form.
 */
public final class ErrnoException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  private final int errno;
  private final String call;

  public ErrnoException(String call, int errno) {
    super(call + " failed: " + Errno.describe(errno), null, false, false);
    this.call = call;
    this.errno = errno;
  }

  /** The {@code errno} value the call reported. */
  public int errno() {
    return errno;
  }

  /** The libc function that failed. */
  public String call() {
    return call;
  }
}
