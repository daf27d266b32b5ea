package dev.sectools.internal.memory;

import java.lang.ref.Cleaner;
import java.util.Optional;
import java.util.Set;

/**
 * Frees an allocation exactly once: when its owner is closed, or, if the owner becomes
 * unreachable without being closed, from a {@link Cleaner} that wipes and frees the memory and
 * logs one warning naming the code that allocated it (never the content).
 *
 * <p>The allocation site is the first caller outside sectools, found with a {@link StackWalker}
 * when the buffer is made. Set the system property {@value #SITES_PROPERTY} to {@code none} to
 * skip that walk (the warning then says so).
 */
public final class LeakGuard implements Runnable {
  /** The system property that turns allocation-site capture off ({@code none}). */
  public static final String SITES_PROPERTY = "dev.sectools.memory.allocationSites";

  private static final System.Logger LOG = System.getLogger("dev.sectools.memory");
  private static final Cleaner CLEANER = Cleaner.create();
  private static final boolean CAPTURE_SITES = !"none".equals(System.getProperty(SITES_PROPERTY));
  private static final StackWalker WALKER = StackWalker.getInstance();
  /** Public classes that make buffers on a caller's behalf: the site is their caller. */
  private static final Set<String> ENTRY_CLASSES = Set.of("dev.sectools.memory.SecureBuffer",
      "dev.sectools.memory.Reads", "dev.sectools.fs.ConfinedRoot", "dev.sectools.fs.SecureFiles");

  private final Allocation memory;
  private final long length;
  private final StackWalker.StackFrame site;
  private Cleaner.Cleanable cleanable;
  private volatile boolean closed;
  private volatile boolean intact = true;

  private LeakGuard(Allocation memory, long length, StackWalker.StackFrame site) {
    this.memory = memory;
    this.length = length;
    this.site = site;
  }

  /** Guards {@code memory}, owned by {@code owner}, which must not be reachable from the guard. */
  public static LeakGuard register(Object owner, Allocation memory, long length) {
    LeakGuard guard = new LeakGuard(memory, length, CAPTURE_SITES ? callerOutsideSectools() : null);
    guard.cleanable = CLEANER.register(owner, guard);
    return guard;
  }

  private static StackWalker.StackFrame callerOutsideSectools() {
    Optional<StackWalker.StackFrame> frame = WALKER.walk(s -> s.filter(f -> !isSectools(f.getClassName())).findFirst());
    return frame.orElse(null);
  }

  private static boolean isSectools(String className) {
    int nested = className.indexOf('$');
    String outer = nested < 0 ? className : className.substring(0, nested);
    return outer.startsWith("dev.sectools.internal.") || ENTRY_CLASSES.contains(outer);
  }

  /**
   * Wipes and frees the memory now (once; later calls do nothing).
   *
   * @return whether the canary was intact
   */
  public boolean free() {
    closed = true;
    cleanable.clean();
    return intact;
  }

  @Override
  public void run() {
    intact = memory.release();
    if (!closed) {
      LOG.log(System.Logger.Level.WARNING, "a SecureBuffer of " + length + " bytes was never closed;"
          + " its memory has been wiped and freed by the garbage collector. Allocated at "
          + (site == null ? "(unknown: " + SITES_PROPERTY + "=none)" : site.toStackTraceElement())
          + ". Close secure buffers with try-with-resources.");
      if (!intact) {
        LOG.log(System.Logger.Level.ERROR, "secure memory was corrupted: the canary of a leaked"
            + " SecureBuffer of " + length + " bytes was overwritten");
      }
    }
  }
}
