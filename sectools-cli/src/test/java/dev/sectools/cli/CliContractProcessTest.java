package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.junit.SecureTempDir;
import dev.sectools.secrets.CheckAndSet;
import dev.sectools.secrets.ExpiredRead;
import dev.sectools.secrets.MetadataUpdate;
import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command-line contract of docs/cli.md as a script meets it: each run is a real JVM started
 * the way the launcher starts it, with the runtime class path, and only its exit status, its
 * standard output bytes and its standard error are looked at. {@code ExitCodeTest} checks the
 * mapping of every error in-process; this class checks that each code survives the real process
 * (System.exit, the launcher's JVM options, no logging noise) and that a value passes through
 * standard input only, never the command line or environment that {@code ps} shows. The packaged
 * launcher itself is run by {@code src/dist/check-dist.sh} in the verify phase.
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

  @Test
  void unknownOption_exits2WithOneLineOnStderr() throws Exception {
    assertFailure(run(variables, "secrets", "get", "--frobnicate", "app/token"), ExitCode.USAGE);
  }

  @Test
  void get_missingSecret_exits3() throws Exception {
    assertFailure(run(variables, "secrets", "get", "app/missing"), ExitCode.NOT_FOUND);
  }

  @Test
  void init_storeExists_exits4() throws Exception {
    assertFailure(run(variables, "secrets", "init", "--kdf", "minimum"), ExitCode.CONFLICT);
  }

  @Test
  void get_ciphertextTampered_exits5() throws Exception {
    ExitCodeTest.flipLastCiphertextByte(home.resolve("store/store.db"));

    assertFailure(run(variables, "secrets", "get", "app/token"), ExitCode.INTEGRITY);
  }

  @Test
  void get_wrongPassphrase_exits6AndDoesNotEchoIt() throws Exception {
    Files.writeString(home.resolve("wrong"), "not-the-passphrase\n");

    Run r = run(variables, "secrets", "get", "app/token", "--passphrase-file", home.resolve("wrong").toString());

    assertFailure(r, ExitCode.ACCESS_DENIED);
    assertThat(r.stderr()).doesNotContain("not-the-passphrase");
  }

  @Test
  void get_storeDirectoryOpenToOthers_exits7() throws Exception {
    Files.setPosixFilePermissions(home.resolve("store"), PosixFilePermissions.fromString("rwxrwxrwx"));

    assertFailure(run(variables, "secrets", "get", "app/token"), ExitCode.POLICY);
  }

  @Test
  void get_expiredUnderRefusePolicy_exits8() throws Exception {
    InstantSource longAgo = InstantSource.fixed(Instant.now().minus(Duration.ofDays(400)));
    try (PassphraseKeyProvider key = PassphraseKeyProvider.of(Cli.PASSPHRASE.toCharArray());
        SecretStore store = SecretStore.open(StoreConfig.builder(home.resolve("store"), key).clock(longAgo).build())) {
      store.put("app/old", "old".getBytes(StandardCharsets.UTF_8));
      store.updateMetadata("app/old", MetadataUpdate.builder().checkAndSet(CheckAndSet.OPTIONAL)
          .rotation(RotationPolicy.credentials().withOnExpiredRead(ExpiredRead.REFUSE)).build());
    }

    assertFailure(run(variables, "secrets", "get", "app/old"), ExitCode.EXPIRED);
  }

  @Test
  void set_valueFromStdin_neverInCommandLineOrEnvironmentOfTheProcess() throws Exception {
    String canary = "canary-" + java.util.UUID.randomUUID();
    Process p = SectoolsProcess.start(variables, "secrets", "set", "app/canary");
    try (OutputStream in = p.getOutputStream()) {
      in.write(canary.getBytes(StandardCharsets.UTF_8));
      in.flush();
      // Standard input is still open: sectools is running and waiting for the rest of the value.
      Path proc = Path.of("/proc", Long.toString(p.pid()));
      assertThat(new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8))
          .contains("app/canary").doesNotContain(canary);
      assertThat(new String(Files.readAllBytes(proc.resolve("environ")), StandardCharsets.UTF_8))
          .contains("SECTOOLS_STORE").doesNotContain(canary);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(run(variables, "secrets", "get", "app/canary").stdout()).isEqualTo(canary.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void get_valueEndingInNewline_printedWithItAndNothingMore() throws Exception {
    Cli.in(home).env("SECTOOLS_STORE", variables.get("SECTOOLS_STORE"))
        .env("SECTOOLS_PASSPHRASE_FILE", variables.get("SECTOOLS_PASSPHRASE_FILE"))
        .stdin("line\n").run("secrets", "set", "app/line");

    assertThat(run(variables, "secrets", "get", "app/line").stdout()).isEqualTo("line\n".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A failed run: the documented code, nothing on stdout, and on stderr one error line
   * 'sectools: problem; what to do', last, after at most some 'sectools: warning: ' lines.
   */
  private static void assertFailure(Run r, ExitCode expected) {
    assertThat(r.exit()).as(r.stderr()).isEqualTo(expected.code());
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).endsWith("\n").doesNotContain("Exception").doesNotContain(VALUE);
    List<String> lines = r.stderr().lines().toList();
    assertThat(lines).allMatch(l -> l.startsWith("sectools: "), "every line starts with 'sectools: '");
    assertThat(lines.getLast()).doesNotStartWith("sectools: warning: ");
    assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.startsWith("sectools: warning: "));
  }

  /**
   * A PrintStream never throws: a value written to a full disk (or a closed pipe) was lost while
   * the command ended with exit code 0, and a script went on with a truncated file.
   */
  @Test
  void get_stdoutOnAFullDisk_exits1AndSaysSo() throws Exception {
    Process p = SectoolsProcess.builder(variables, "secrets", "get", "app/token")
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.to(Path.of("/dev/full").toFile())).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isEqualTo(ExitCode.INTERNAL.code());
    assertThat(err).startsWith("sectools: could not write to standard output").hasLineCount(1);
  }

  /**
   * The launcher opens a closed standard input on /dev/null (else the JVM reuses descriptor 0
   * for a file of its own, and "standard input" is that file) and says so: a command that reads
   * standard input refuses, rather than storing an empty value.
   */
  @Test
  void set_standardInputClosedBeforeTheLauncher_exits2AndStoresNothing() throws Exception {
    Map<String, String> closed = new java.util.HashMap<>(variables);
    closed.put("SECTOOLS_STDIN_CLOSED", "1");
    Run r = run(closed, "secrets", "set", "app/other");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.stderr()).startsWith("sectools: standard input is closed").hasLineCount(1);
    assertThat(run(variables, "secrets", "get", "app/other").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  /**
   * The guard at the top of both launchers, run in a shell whose descriptors 0 and 1 are closed:
   * it opens both on /dev/null and sets SECTOOLS_STDIN_CLOSED; with them open it changes nothing
   * and clears a value inherited from a parent that had it closed.
   */
  @Test
  void launcherGuard_closedStandardStreams_openedOnDevNullAndStdinMarked() throws Exception {
    String guard = launcherGuard(Path.of("..", "bin", "sectools"));
    assertThat(launcherGuard(Path.of("src", "dist", "bin", "sectools"))).isEqualTo(guard);
    String report = "echo \"in=$(readlink /proc/$$/fd/0) out=$(readlink /proc/$$/fd/1)"
        + " closed=${SECTOOLS_STDIN_CLOSED:-}\" >&2";

    Process closedStreams = new ProcessBuilder("bash", "-c", "exec 0<&- 1>&-; " + guard + "\n" + report).start();
    String seen = new String(closedStreams.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(closedStreams.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).isEqualTo("in=/dev/null out=/dev/null closed=1");

    ProcessBuilder open = new ProcessBuilder("bash", "-c", guard + "\n" + report);
    open.environment().put("SECTOOLS_STDIN_CLOSED", "1");
    Process openStreams = open.start();
    String seenOpen = new String(openStreams.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(openStreams.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seenOpen).startsWith("in=pipe:").endsWith("closed=");
  }

  /** The lines of {@code launcher} from its closed-stream comment to the blank line after it. */
  private static String launcherGuard(Path launcher) throws IOException {
    List<String> lines = Files.readAllLines(launcher);
    int start = lines.indexOf(lines.stream().filter(l -> l.startsWith("# A closed standard stream")).findFirst()
        .orElseThrow(() -> new AssertionError("no closed-stream guard in " + launcher)));
    int end = lines.subList(start, lines.size()).indexOf("") + start;
    return String.join("\n", lines.subList(start, end));
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
