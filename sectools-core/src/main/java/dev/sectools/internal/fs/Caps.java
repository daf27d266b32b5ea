package dev.sectools.internal.fs;

/** Size-cap arithmetic that cannot overflow, whatever cap (up to {@link Long#MAX_VALUE}) is set. */
final class Caps {
  private Caps() {}

  /**
   * How many bytes a read may ask for after {@code consumed} of at most {@code max}: everything
   * left, plus one byte to find out whether the cap is exceeded; at least one.
   */
  static long allowance(long max, long consumed) {
    long left = max - consumed; // both are non-negative: cannot overflow
    if (left < 0) {
      return 1;
    }
    return left == Long.MAX_VALUE ? left : left + 1;
  }

  /**
   * {@link #allowance} for a positional read at {@code position}, also kept from running past
   * the largest file offset (the kernel refuses such a read with {@code EINVAL}); 0 at the end.
   */
  static long positionalAllowance(long max, long position) {
    return Math.min(allowance(max, position), Long.MAX_VALUE - position);
  }

  /** Whether {@code n} more bytes after {@code consumed} go past {@code max}. */
  static boolean exceeds(long max, long consumed, long n) {
    return n > max - consumed;
  }
}
