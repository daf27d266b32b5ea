package dev.sectools.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private static final long MS = 1_000_000L;

  private final List<String> drawn = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong(1_000 * MS);

  private ProgressBar bar(boolean enabled) {
    return new ProgressBar(drawn::add, enabled, "restoring", "versions", clock::get);
  }

  @Test
  void update_halfwayAfterOneSecond_showsCountsPercentRateAndEta() {
    ProgressBar bar = bar(true);
    clock.addAndGet(1_000 * MS);

    bar.update(500, 1000);

    assertThat(drawn).containsExactly(
        "\rrestoring [############............]  50%  500/1000 versions  500/s  ETA 0:01");
  }

  @Test
  void update_noTimeElapsed_showsUnknownRateAndEta() {
    bar(true).update(0, 10);

    assertThat(drawn.getFirst()).endsWith("  0%  0/10 versions  -/s  ETA -:--");
  }

  @Test
  void update_longRemainingTime_showsHours() {
    ProgressBar bar = bar(true);
    clock.addAndGet(1_000 * MS);

    bar.update(1, 7201);

    assertThat(drawn.getFirst()).endsWith("ETA 2:00:00");
  }

  @Test
  void update_manyUpdatesWithinATenthOfASecond_drawsOnce() {
    ProgressBar bar = bar(true);
    for (int i = 1; i <= 50; i++) {
      clock.addAndGet(MS);
      bar.update(i, 100);
    }

    assertThat(drawn).hasSize(1);
    clock.addAndGet(100 * MS);
    bar.update(51, 100);
    assertThat(drawn).hasSize(2);
  }

  @Test
  void update_lastUpdateWithinATenthOfASecond_isStillDrawn() {
    ProgressBar bar = bar(true);
    bar.update(1, 2);
    clock.addAndGet(MS);

    bar.update(2, 2);

    assertThat(drawn).hasSize(2);
    assertThat(drawn.getLast()).contains("100%  2/2 versions").endsWith("ETA 0:00");
  }

  @Test
  void update_shorterLineThanBefore_padsOverTheOldOne() {
    ProgressBar bar = bar(true);
    bar.update(1, 1_000_000);
    clock.addAndGet(200 * MS);

    bar.update(1_000_000, 1_000_000);

    assertThat(drawn.getLast().length()).isGreaterThanOrEqualTo(drawn.getFirst().length());
  }

  @Test
  void finish_afterDrawing_clearsTheLineOnce() {
    ProgressBar bar = bar(true);
    bar.update(3, 3);
    int length = drawn.getFirst().length() - 1;

    bar.finish();
    bar.finish();

    assertThat(drawn).hasSize(2);
    assertThat(drawn.getLast()).isEqualTo("\r" + " ".repeat(length) + "\r");
  }

  @Test
  void update_notEnabled_drawsNothingAtAll() {
    ProgressBar bar = bar(false);
    bar.update(1, 2);
    clock.addAndGet(1_000 * MS);
    bar.update(2, 2);
    bar.finish();

    assertThat(drawn).isEmpty();
  }

  @Test
  void update_totalSmallerThanDone_neverShowsMoreThanAHundredPercent() {
    bar(true).update(12, 10);

    assertThat(drawn.getFirst()).contains("100%  12/12 versions");
  }
}
