package dev.sectools.cli.internal;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program as {@code sectools exec} and {@code sectools temp … --rm-on-exit} do: with extra
 * environment variables, its output optionally masked, {@code SIGTERM}, {@code SIGINT} and
 * {@code SIGHUP} sent to this process forwarded to it, and its exit status returned (128 + n
 * when a signal n ended it). A cleanup action runs after it exits, and also from a shutdown hook
 * should this JVM be ended another way.
 *
 * <h2>Signals</h2>
 * While the program runs, this JVM does not exit on those signals: it forwards each to the
 * program (with {@code kill(2)}, else {@link Process#destroy()}), waits for it to exit, cleans
 * up and exits with its status. {@code SIGINT} is not forwarded when standard input is a
 * terminal: the terminal has already sent it to the whole foreground process group, the program
 * included, and a second one would look like a second Ctrl-C. {@code SIGKILL} cannot be caught:
 * then nothing is cleaned up.
 */
public final class ChildRunner {
  private static final String[] FORWARDED = {"TERM", "INT", "HUP"};
  private static final long PUMP_DRAIN_SECONDS = 5;

  private ChildRunner() {}

  /**
   * Runs {@code command} and returns its exit status.
   *
   * @param command the program and its arguments
   * @param extraVariables variables added to the environment (secret values or file paths)
   * @param removedVariables variables removed from the environment (the passphrase)
   * @param env where the standard streams and the base environment come from
   * @param maskValues values to mask in the program's standard output and error; empty: no masking
   * @param cleanup closed after the program exits (or at JVM shutdown); must be idempotent
   * @throws IOException if the program cannot be started (not found, not executable), or the
   *     cleanup fails (for example {@link dev.sectools.temp.TempCleanupException})
   */
  public static int run(List<String> command, Map<String, String> extraVariables, List<String> removedVariables,
      CliEnvironment env, List<byte[]> maskValues, AutoCloseable cleanup) throws IOException {
    boolean inheritOutput = env.processStdio() && maskValues.isEmpty();
    ProcessBuilder pb = builder(command, extraVariables, removedVariables, env, inheritOutput);
    Child child = new Child();
    Map<String, Object> previous = installForwarding(child, !env.terminal().stdinIsTerminal());
    Thread hook = new Thread(() -> {
      child.destroy();
      closeQuietly(cleanup);
    }, "sectools-exec-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Process p = child.started(start(pb, command));
      List<Thread> pumps = new ArrayList<>();
      if (!env.processStdio()) {
        pumps.add(pump("stdin", env.in(), p.getOutputStream(), List.of(), true));
      }
      if (!inheritOutput) {
        pumps.add(pump("stdout", p.getInputStream(), env.out(), maskValues, false));
        pumps.add(pump("stderr", p.getErrorStream(), env.err(), maskValues, false));
      }
      int status = p.waitFor();
      for (Thread t : pumps) {
        t.join(TimeUnit.SECONDS.toMillis(PUMP_DRAIN_SECONDS));
      }
      return status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the program", e);
    } finally {
      child.destroyForcibly();
      cleanUp(cleanup, previous, hook);
    }
  }

  private static ProcessBuilder builder(List<String> command, Map<String, String> extraVariables,
      List<String> removedVariables, CliEnvironment env, boolean inheritOutput) {
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> childEnv = pb.environment();
    childEnv.clear();
    childEnv.putAll(env.variables());
    removedVariables.forEach(childEnv::remove);
    childEnv.putAll(extraVariables);
    pb.redirectInput(env.processStdio() ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
    if (inheritOutput) {
      pb.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    return pb;
  }

  private static Process start(ProcessBuilder pb, List<String> command) {
    try {
      return pb.start();
    } catch (IOException e) {
      throw new CliException(ExitCode.NOT_FOUND, "cannot run '" + command.getFirst()
          + "': not found or not executable; check the command after --", e);
    }
  }

  /** Cleans up while the handlers are still in place, so a signal now cannot skip it; then restores them. */
  private static void cleanUp(AutoCloseable cleanup, Map<String, Object> previous, Thread hook) throws IOException {
    try {
      cleanup.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cleanup failed", e);
    } finally {
      previous.forEach(Signals::restore);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) anyway
      }
    }
  }

  private static Map<String, Object> installForwarding(Child child, boolean forwardInt) {
    Map<String, Object> previous = new HashMap<>();
    for (String name : FORWARDED) {
      if (forwardInt || !name.equals("INT")) {
        Signals.handle(name, child::signal).ifPresent(old -> previous.put(name, old));
      } else {
        Signals.handle(name, signal -> { }).ifPresent(old -> previous.put(name, old));
      }
    }
    return previous;
  }

  /**
   * The program, once started, and a signal that arrived before it was: forwarded as soon as it
   * starts. Signal handlers run on their own thread, hence the lock.
   */
  private static final class Child {
    private Process process;
    private int pending;

    synchronized Process started(Process p) {
      process = p;
      if (pending != 0) {
        forward(p, pending);
      }
      return p;
    }

    void signal(int number) {
      Process p;
      synchronized (this) {
        p = process;
        if (p == null) {
          pending = number;
          return;
        }
      }
      forward(p, number);
    }

    synchronized void destroy() {
      if (process != null) {
        process.destroy();
      }
    }

    synchronized void destroyForcibly() {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  private static void forward(Process p, int signal) {
    if (!Native.kill(p.pid(), signal)) {
      p.destroy();
    }
  }


  private static Thread pump(String name, InputStream from, OutputStream to, List<byte[]> maskValues,
      boolean closeTarget) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      Masker masker = maskValues.isEmpty() ? null : new Masker(maskValues);
      try (from) {
        int n;
        while ((n = from.read(buf)) > 0) {
          if (masker != null) {
            masker.write(buf, 0, n, to);
          } else {
            to.write(buf, 0, n);
            to.flush();
          }
        }
        if (masker != null) {
          masker.finish(to);
        }
      } catch (IOException e) {
        // the program closed its end, or ours went away: nothing more to copy
      } finally {
        Arrays.fill(buf, (byte) 0);
        if (closeTarget) {
          closeQuietly(to);
        }
      }
    }, "sectools-exec-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // cleanup is best effort here; the caller reports failures it can see
    }
  }
}
