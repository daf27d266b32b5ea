package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.SectoolsProcess;
import dev.sectools.junit.SecureTempDir;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The passphrase prompt on a real terminal: a sectools JVM under {@code script(1)}, which gives
 * it a pseudo-terminal, typed into only once the prompt is showing (as a person would).
 */
class PromptProcessTest {
  @SecureTempDir
  Path home;

  @Test
  void get_promptOnTerminal_readsPassphraseWithoutEcho() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
        "skipped: script(1) from util-linux is not installed");
    Cli.withStore(home).stdin("the-value").run("secrets", "set", "app/token");
    List<String> java = SectoolsProcess.builder(Map.of(), "secrets", "get", "app/token").command();
    String line = java.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-qec", line, "/dev/null");
    pb.environment().keySet().removeIf(k -> k.startsWith("SECTOOLS_"));
    pb.environment().put("SECTOOLS_STORE", home.resolve("store").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();

    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    readUntil(p.getInputStream(), seen, "Passphrase for the store:");
    try (OutputStream typing = p.getOutputStream()) {
      typing.write((Cli.PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
      typing.flush();
      readUntil(p.getInputStream(), seen, "the-value");
    }
    p.getInputStream().transferTo(seen);

    assertThat(p.waitFor()).isZero();
    assertThat(seen.toString(StandardCharsets.UTF_8)).contains("the-value").doesNotContain(Cli.PASSPHRASE);
  }

  private static void readUntil(InputStream in, ByteArrayOutputStream seen, String marker) throws Exception {
    int b;
    while (!seen.toString(StandardCharsets.UTF_8).contains(marker) && (b = in.read()) >= 0) {
      seen.write(b);
    }
    assertThat(seen.toString(StandardCharsets.UTF_8)).contains(marker);
  }
}
