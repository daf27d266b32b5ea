package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.junit.SecureTempDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command-line contract of docs/cli.md as a script meets it: each run is a real JVM started
 * the way the launcher starts it, with the runtime class path, and only its exit status, its
 * standard output bytes and its standard error are looked at. {@code ExitCodeTest} checks the
 * mapping of every error in-process; this class checks that it survives the real process.
 */
class CliContractProcessTest {
  private static final String VALUE = "s3cret-value-in-contract-test";

  @SecureTempDir
  Path home;

  Map<String, String> variables;

  @BeforeEach
  void store() throws Exception {
    Cli.withStore(home).stdin(VALUE).run("secrets", "set", "app/token");
    variables = Map.of("HOME", home.toString(),
        "SECTOOLS_STORE", home.resolve("store").toString(),
        "SECTOOLS_PASSPHRASE_FILE", home.resolve("passphrase").toString());
  }

  @Test
  void get_existingSecret_stdoutIsExactlyTheValueAndStderrIsEmpty() throws Exception {
    Run r = run(variables, "secrets", "get", "app/token");

    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).isEqualTo(VALUE.getBytes(StandardCharsets.UTF_8)); // no line end added
    assertThat(r.stderr()).isEmpty(); // in particular no "SLF4J: No SLF4J providers were found"
  }

  /** One process run's outcome. */
  record Run(int exit, byte[] stdout, String stderr) {}

  /** Runs {@code sectools args…} with {@code vars}, standard input empty. */
  static Run run(Map<String, String> vars, String... args) throws IOException, InterruptedException {
    Process p = SectoolsProcess.builder(vars, args).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile())).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("sectools did not finish in 120 s");
    }
    return new Run(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
  }
}
