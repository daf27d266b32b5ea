package dev.sectools.internal.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of a buffer that may be closed while other threads use it: a closed flag and the
 * number of accesses in progress, in one atomic {@code int}. Whoever sees the flag set and the
 * count reach zero frees the memory, exactly once: {@link #close()} when nothing is in progress,
 * else the last {@link #release()}.
 */
public final class AccessCount {
  private static final int CLOSED = 1 << 30;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(AccessCount.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state;

  /**
   * Starts an access.
   *
   * @throws IllegalStateException if closed
   */
  public void acquire() {
    if (!tryAcquire()) {
      throw new IllegalStateException("SecureBuffer is closed");
    }
  }

  /** Starts an access and returns true, or returns false if closed. */
  public boolean tryAcquire() {
    while (true) {
      int s = (int) STATE.getVolatile(this);
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s + 1)) {
        return true;
      }
    }
  }

  /** Ends an access; returns whether the caller must now free the memory. */
  public boolean release() {
    return (int) STATE.getAndAdd(this, -1) - 1 == CLOSED;
  }

  /** Marks closed (once); returns whether the caller must now free the memory. */
  public boolean close() {
    while (true) {
      int s = (int) STATE.getVolatile(this);
      if ((s & CLOSED) != 0) {
        return false;
      }
      if (STATE.compareAndSet(this, s, s | CLOSED)) {
        return s == 0;
      }
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return ((int) STATE.getVolatile(this) & CLOSED) != 0;
  }
}
