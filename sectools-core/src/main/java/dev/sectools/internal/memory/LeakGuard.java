package dev.sectools.internal.memory;

import java.lang.ref.Cleaner;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Frees an allocation exactly once: when its owner is closed, or, if the owner becomes
 * unreachable without being closed, from a {@link Cleaner} that wipes and frees the memory and
 * logs one warning naming the code that allocated it (never the content).
 *
 * <p>The allocation site is the first caller outside sectools, taken from a {@link Throwable}
 * made when the buffer is (its frames are decoded only if the buffer leaks). Filling in a stack
 * costs a microsecond or more, several times the rest of an allocation, so by default it is done
 * for one allocation in {@value #SAMPLE_ONE_IN} (chosen at random), as Netty's leak detector
 * does: a place that leaks buffers again and again is soon named. The system property
 * {@value #SITES_PROPERTY} chooses: {@code sampled} (the default), {@code all} (every buffer, for
 * hunting a leak) or {@code none}.
 */
public final class LeakGuard implements Runnable {
  /** The system property that turns allocation-site capture off ({@code none}). */
  public static final String SITES_PROPERTY = "dev.sectools.memory.allocationSites";

  private static final System.Logger LOG = System.getLogger("dev.sectools.memory");
  private static final Cleaner CLEANER = Cleaner.create();
  /** One allocation in this many records its site when sampling. */
  public static final int SAMPLE_ONE_IN = 64;
  private static final String SITES = System.getProperty(SITES_PROPERTY, "sampled");
  /** Public classes that make buffers on a caller's behalf: the site is their caller. */
  private static final Set<String> ENTRY_CLASSES = Set.of("dev.sectools.memory.SecureBuffer",
      "dev.sectools.memory.Reads", "dev.sectools.fs.ConfinedRoot", "dev.sectools.fs.SecureFiles");

  private final Allocation memory;
  private final long length;
  private final Throwable site; // its stack is turned into frames only if the buffer leaks
  private Cleaner.Cleanable cleanable;
  private volatile boolean closed;
  private volatile boolean intact = true;

  private LeakGuard(Allocation memory, long length, Throwable site) {
    this.memory = memory;
    this.length = length;
    this.site = site;
  }

  /** Guards {@code memory}, owned by {@code owner}, which must not be reachable from the guard. */
  public static LeakGuard register(Object owner, Allocation memory, long length) {
    LeakGuard guard = new LeakGuard(memory, length, recordSite() ? new Throwable() : null);
    guard.cleanable = CLEANER.register(owner, guard);
    return guard;
  }

  private static boolean recordSite() {
    return switch (SITES) {
      case "all" -> true;
      case "none" -> false;
      default -> ThreadLocalRandom.current().nextInt(SAMPLE_ONE_IN) == 0;
    };
  }

  private static String callerOutsideSectools(Throwable site) {
    for (StackTraceElement frame : site.getStackTrace()) {
      if (!isSectools(frame.getClassName())) {
        return frame.toString();
      }
    }
    return "(inside sectools)";
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
          + (site == null ? "(not recorded for this buffer: run with -D" + SITES_PROPERTY + "=all to record"
              + " every allocation site)" : callerOutsideSectools(site))
          + ". Close secure buffers with try-with-resources.");
      if (!intact) {
        LOG.log(System.Logger.Level.ERROR, "secure memory was corrupted: the canary of a leaked"
            + " SecureBuffer of " + length + " bytes was overwritten");
      }
    }
  }
}
