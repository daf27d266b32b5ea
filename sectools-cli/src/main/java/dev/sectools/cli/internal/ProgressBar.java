package dev.sectools.cli.internal;

import dev.sectools.secrets.ReencryptProgress;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error, fed by the library's {@code Progress} callback
 * (a {@link ReencryptProgress} is one, so the same bar serves backup, restore, import and
 * re-encryption):
 *
 * <pre>{@code
 * restoring [#########...............]  38%  1900/5000 versions  950/s  ETA 0:03
 * }</pre>
 *
 * <p>It draws only when enabled (standard error is a terminal and {@code --quiet} is not given),
 * so pipes and logs get nothing at all. It redraws at most {@value #REDRAWS_PER_SECOND} times a
 * second (the first and the last update are always drawn), in place with a carriage return, and
 * {@link #finish()} clears the line so the command's own summary starts on a clean line.
 */
public final class ProgressBar implements ReencryptProgress {
  /** The most redraws a second. */
  public static final int REDRAWS_PER_SECOND = 10;
  private static final long MIN_REDRAW_NANOS = 1_000_000_000L / REDRAWS_PER_SECOND;
  private static final int WIDTH = 24;

  private final Consumer<String> err;
  private final boolean enabled;
  private final String label;
  private final String unit;
  private final LongSupplier nanoTime;
  private final long start;
  private long lastDraw;
  private int drawnLength; // 0: nothing on the line

  /**
   * A bar on the real clock.
   *
   * @param err draws text on standard error as it is, and flushes it
   * @param enabled whether to draw at all (standard error is a terminal, not {@code --quiet})
   * @param label what is in progress ("backing up")
   * @param unit what is counted ("versions")
   */
  public ProgressBar(Consumer<String> err, boolean enabled, String label, String unit) {
    this(err, enabled, label, unit, System::nanoTime);
  }

  /**
   * A bar on the clock {@code nanoTime} (a fake one in tests).
   *
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public ProgressBar(Consumer<String> err, boolean enabled, String label, String unit, LongSupplier nanoTime) {
    this.err = Objects.requireNonNull(err, "err");
    this.enabled = enabled;
    this.label = Objects.requireNonNull(label, "label");
    this.unit = Objects.requireNonNull(unit, "unit");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.start = nanoTime.getAsLong();
  }

  @Override
  public void update(long done, long total) {
    if (!enabled) {
      return;
    }
    long now = nanoTime.getAsLong();
    boolean last = done >= total;
    if (drawnLength > 0 && !last && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    String line = render(done, total, now - start);
    // Pad over a longer previous line instead of an ANSI erase: works on any terminal.
    String pad = " ".repeat(Math.max(0, drawnLength - line.length()));
    err.accept("\r" + line + pad);
    drawnLength = line.length();
    lastDraw = now;
  }

  /** Clears the bar's line if anything was drawn; safe to call more than once. */
  public void finish() {
    if (drawnLength > 0) {
      err.accept("\r" + " ".repeat(drawnLength) + "\r");
      drawnLength = 0;
    }
  }

  /** The bar's text for {@code done} of {@code total} after {@code elapsedNanos}. */
  String render(long done, long total, long elapsedNanos) {
    long safeTotal = Math.max(total, done);
    int percent = safeTotal <= 0 ? 100 : (int) (done * 100 / safeTotal);
    int filled = percent * WIDTH / 100;
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %d/%d %s  %s  ETA %s", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), percent, done, safeTotal, unit, rate(rate), eta(safeTotal - done, rate));
  }

  private static String rate(double perSecond) {
    if (perSecond <= 0) {
      return "-/s";
    }
    if (perSecond >= 10_000) {
      return String.format(Locale.ROOT, "%.0fk/s", perSecond / 1000);
    }
    return String.format(Locale.ROOT, "%.0f/s", perSecond);
  }

  private static String eta(long left, double perSecond) {
    if (left <= 0) {
      return "0:00";
    }
    if (perSecond <= 0) {
      return "-:--";
    }
    long s = (long) Math.ceil(left / perSecond);
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
