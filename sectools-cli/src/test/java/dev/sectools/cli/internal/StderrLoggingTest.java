package dev.sectools.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class StderrLoggingTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final StderrLogging handler = new StderrLogging(new PrintStream(bytes, true, StandardCharsets.UTF_8),
      Level.WARNING);

  private String published(Level level, String message, Object... params) {
    LogRecord r = new LogRecord(level, message);
    r.setParameters(params);
    r.setLoggerName("dev.sectools.memory");
    handler.publish(r);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void publish_warningWithParameters_oneLineLikeTheCliWarnings() {
    assertThat(published(Level.WARNING, "could not lock {0} bytes;\nusing unlocked memory", "4096"))
        .isEqualTo("sectools: warning: could not lock 4096 bytes; using unlocked memory" + System.lineSeparator());
  }

  @Test
  void publish_severe_saysError() {
    assertThat(published(Level.SEVERE, "canary overwritten")).startsWith("sectools: error: canary overwritten");
  }

  @Test
  void publish_infoBelowLevel_printsNothing() {
    assertThat(published(Level.INFO, "openat2 is not available")).isEmpty();
  }
}
