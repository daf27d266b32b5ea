package dev.sectools.cli.internal;

import java.io.PrintStream;
import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Makes what the libraries log (through {@code System.Logger}, and SLF4J through slf4j-jdk14,
 * both ending in {@code java.util.logging}) look like the command line's own warnings: one line
 * each on standard error, {@code sectools: warning: <message>}, instead of java.util.logging's
 * two-line records with a date and a class name. Warnings and errors are shown; informational
 * records only under {@code --verbose}. The libraries log no secret values.
 *
 * <p>Process-wide: called once by {@code main}, never by in-process runs (tests).
 */
public final class StderrLogging extends Handler {
  private final PrintStream err;

  StderrLogging(PrintStream err, Level level) {
    this.err = Objects.requireNonNull(err, "err");
    setLevel(level);
    setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        return formatMessage(r);
      }
    });
  }

  /** Replaces the root logger's handlers by one writing to {@code err}. */
  public static void install(PrintStream err, boolean verbose) {
    Level level = verbose ? Level.INFO : Level.WARNING;
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    root.setLevel(level);
    root.addHandler(new StderrLogging(err, level));
  }

  @Override
  public void publish(LogRecord r) {
    if (!isLoggable(r)) {
      return;
    }
    String kind = r.getLevel().intValue() >= Level.SEVERE.intValue() ? "error"
        : r.getLevel().intValue() >= Level.WARNING.intValue() ? "warning" : "note";
    String message = getFormatter().format(r).replace('\n', ' ');
    err.println("sectools: " + kind + ": " + message);
    err.flush();
  }

  @Override
  public void flush() {
    err.flush();
  }

  @Override
  public void close() {
    flush();
  }
}
