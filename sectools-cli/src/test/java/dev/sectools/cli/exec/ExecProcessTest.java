package dev.sectools.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.SectoolsProcess;
import dev.sectools.junit.SecureTempDir;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** exec as a real sectools JVM, signalled from outside like a service manager would. */
class ExecProcessTest {
  @SecureTempDir
  Path home;

  Map<String, String> variables;

  @BeforeEach
  void store() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("db-s3cret-value").run("secrets", "set", "app/db");
    variables = Map.of("SECTOOLS_STORE", home.resolve("store").toString(),
        "SECTOOLS_PASSPHRASE_FILE", home.resolve("passphrase").toString());
  }

  @Test
  void exec_sigtermToSectools_noValueInArgvOrEnvironment_reachesChildAndRemovesFileDirectory() throws Exception {
    assumeTmpfs();
    Process sectools = SectoolsProcess.start(variables, "exec", "--file", "DB=app/db", "--", "sh", "-c",
        "echo \"$DB\"; exec sleep 1000");
    Path file = Path.of(firstLine(sectools));
    assertThat(file).isRegularFile();
    for (ProcessHandle p : List.of(sectools.toHandle(), sectools.children().findFirst().orElseThrow())) {
      assertThat(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")))
          .asString(StandardCharsets.UTF_8).doesNotContain("db-s3cret-value");
      assertThat(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")))
          .asString(StandardCharsets.UTF_8).doesNotContain("db-s3cret-value");
    }

    sectools.toHandle().destroy(); // SIGTERM to the sectools JVM, not to the child

    assertThat(sectools.waitFor()).isEqualTo(128 + 15);
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void exec_childTrapsSigterm_itsOwnExitStatusPassesThrough() throws Exception {
    Process sectools = SectoolsProcess.start(variables, "exec", "--env", "DB=app/db", "--", "sh", "-c",
        "trap 'kill $!; echo cleaned-up; exit 0' TERM; echo ready; sleep 1000 & wait");
    BufferedReader out = new BufferedReader(new InputStreamReader(sectools.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("ready");

    sectools.toHandle().destroy(); // SIGTERM, leaving our ends of its pipes open

    assertThat(out.readLine()).isEqualTo("cleaned-up");
    assertThat(sectools.waitFor()).isZero();
  }

  @Test
  void get_realProcess_stdoutIsExactlyTheValue() throws Exception {
    Process sectools = SectoolsProcess.start(variables, "secrets", "get", "app/db");

    byte[] out = sectools.getInputStream().readAllBytes();

    assertThat(sectools.waitFor()).isZero();
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("db-s3cret-value");
  }

  @Test
  void get_realProcessMissingSecret_exits3WithOneLine() throws Exception {
    Process sectools = SectoolsProcess.start(variables, "secrets", "get", "app/none");

    byte[] out = sectools.getInputStream().readAllBytes();
    String err = new String(sectools.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(sectools.waitFor()).isEqualTo(3);
    assertThat(out).isEmpty();
    assertThat(err.lines().filter(l -> l.startsWith("sectools: "))).hasSize(1);
  }

  private static String firstLine(Process p) throws Exception {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /** exec --file needs a memory file system; skip (saying why) where /dev/shm is not one. */
  static void assumeTmpfs() {
    boolean tmpfs;
    try {
      tmpfs = java.nio.file.Files.getFileStore(Path.of("/dev/shm")).type().equals("tmpfs");
    } catch (java.io.IOException e) {
      tmpfs = false;
    }
    Assumptions.assumeTrue(tmpfs, "skipped: /dev/shm is not a tmpfs here, and exec --file needs one");
  }
}
