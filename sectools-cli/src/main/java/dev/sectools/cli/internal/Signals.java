package dev.sectools.cli.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * Catching {@code SIGTERM}, {@code SIGINT} and {@code SIGHUP}: {@code sun.misc.Signal} from
 * {@code jdk.unsupported}, the only way the JDK offers. It is reached reflectively because javac
 * warns about every direct use of it with no way to silence the warning, and this module
 * compiles with {@code -Werror}. Where it is missing, nothing is installed and the JVM's default
 * behaviour (run shutdown hooks, exit) stays.
 */
final class Signals {
  private static final Class<?> SIGNAL;
  private static final Class<?> HANDLER;
  private static final Constructor<?> NEW_SIGNAL;
  private static final Method HANDLE;
  private static final Method NUMBER;

  static {
    Class<?> signal = null;
    Class<?> handler = null;
    Constructor<?> ctor = null;
    Method handle = null;
    Method number = null;
    try {
      signal = Class.forName("sun.misc.Signal");
      handler = Class.forName("sun.misc.SignalHandler");
      ctor = signal.getConstructor(String.class);
      handle = signal.getMethod("handle", signal, handler);
      number = signal.getMethod("getNumber");
    } catch (ReflectiveOperationException | LinkageError e) {
      signal = null;
    }
    SIGNAL = signal;
    HANDLER = handler;
    NEW_SIGNAL = ctor;
    HANDLE = handle;
    NUMBER = number;
  }

  private Signals() {}

  /**
   * Calls {@code action} with the signal's number whenever signal {@code name} arrives, instead
   * of the current handling.
   *
   * @return the previous handler, to give back to {@link #restore}; empty if nothing was
   *     installed (no such signal here, or no {@code sun.misc.Signal})
   */
  static Optional<Object> handle(String name, IntConsumer action) {
    if (SIGNAL == null) {
      return Optional.empty();
    }
    Object handler = Proxy.newProxyInstance(HANDLER.getClassLoader(), new Class<?>[] {HANDLER}, (proxy, method, args) ->
        switch (method.getName()) {
          case "handle" -> {
            action.accept((int) NUMBER.invoke(args[0]));
            yield null;
          }
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> "SignalForwarder";
        });
    return install(name, handler);
  }

  /** Puts back a handler {@link #handle} returned. */
  static void restore(String name, Object previous) {
    install(name, previous);
  }

  private static Optional<Object> install(String name, Object handler) {
    try {
      return Optional.ofNullable(HANDLE.invoke(null, NEW_SIGNAL.newInstance(name), handler));
    } catch (InvocationTargetException e) {
      return Optional.empty(); // IllegalArgumentException: the signal is unknown here or reserved by the JVM
    } catch (ReflectiveOperationException e) {
      return Optional.empty();
    }
  }
}
