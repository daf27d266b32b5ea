package dev.sectools.cli.internal;

import dev.sectools.secrets.ReencryptProgress;
import java.util.function.Consumer;

/**
 * A one-line progress bar on standard error, redrawn with a carriage return: shown only when
 * standard error is a terminal, so pipes and logs get nothing.
 */
public final class ProgressBar implements ReencryptProgress {
  private static final int WIDTH = 30;

  private final Consumer<String> err;
  private final boolean enabled;
  private final String label;
  private boolean drawn;

  /**
   * @param err draws text on standard error (and flushes it)
   * @param terminal whether standard error is a terminal; if not, the bar draws nothing
   * @param label what is in progress
   */
  public ProgressBar(Consumer<String> err, boolean terminal, String label) {
    this.err = err;
    this.enabled = terminal;
    this.label = label;
  }

  @Override
  public void update(long done, long total) {
    if (!enabled) {
      return;
    }
    int filled = total <= 0 ? WIDTH : (int) Math.min(WIDTH, done * WIDTH / total);
    err.accept("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
    drawn = true;
  }

  /** Ends the line if anything was drawn. */
  public void finish() {
    if (drawn) {
      err.accept(System.lineSeparator());
    }
  }
}
