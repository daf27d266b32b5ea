package dev.sectools.cli.internal;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The libc calls the command line needs, {@code isatty}, {@code kill} and {@code prctl}, through the FFM
 * API. Where they are not available (no native access granted, another platform) the callers
 * fall back to what the JDK offers, and say so in their javadoc.
 */
public final class Native {
  private static final MethodHandle ISATTY = lookup("isatty",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle KILL = lookup("kill",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

  private static final MethodHandle PRCTL = lookupVariadic("prctl",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
  private static final int PR_SET_DUMPABLE = 4;

  private Native() {}

  @SuppressWarnings("restricted") // native access is granted by the launcher (--enable-native-access)
  private static MethodHandle lookupVariadic(String name, FunctionDescriptor descriptor) {
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find(name)
          .map(a -> linker.downcallHandle(a, descriptor, Linker.Option.firstVariadicArg(1))).orElse(null);
    } catch (RuntimeException | LinkageError e) { // IllegalCallerException without native access
      return null;
    }
  }

  @SuppressWarnings("restricted") // native access is granted by the launcher (--enable-native-access)
  private static MethodHandle lookup(String name, FunctionDescriptor descriptor) {
    try {
      Linker linker = Linker.nativeLinker();
      return linker.defaultLookup().find(name).map(a -> linker.downcallHandle(a, descriptor)).orElse(null);
    } catch (RuntimeException | LinkageError e) { // IllegalCallerException without native access
      return null;
    }
  }

  /**
   * Whether descriptor {@code fd} is a terminal; empty if that cannot be asked here.
   */
  public static Optional<Boolean> isatty(int fd) {
    if (ISATTY == null) {
      return Optional.empty();
    }
    try {
      return Optional.of((int) ISATTY.invokeExact(fd) == 1);
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /**
   * Sends signal {@code signal} to process {@code pid}.
   *
   * @return whether the signal was sent; {@code false} if {@code kill} is unavailable or failed
   */
  public static boolean kill(long pid, int signal) {
    if (KILL == null || pid <= 0 || pid > Integer.MAX_VALUE) {
      return false;
    }
    try {
      return (int) KILL.invokeExact((int) pid, signal) == 0;
    } catch (Throwable e) {
      return false;
    }
  }

  /**
   * Makes this process not dumpable ({@code prctl(PR_SET_DUMPABLE, 0)}, Linux): no core dump,
   * and no {@code ptrace} attach or {@code /proc/PID/mem} read by other processes of the same
   * user (root still can). What {@code gpg-agent} and {@code ssh-agent} do for the keys they hold.
   *
   * @return whether it worked; {@code false} where {@code prctl} is unavailable
   */
  public static boolean disableDumps() {
    if (PRCTL == null) {
      return false;
    }
    try {
      return (int) PRCTL.invokeExact(PR_SET_DUMPABLE, 0L) == 0;
    } catch (Throwable e) {
      return false;
    }
  }
}
