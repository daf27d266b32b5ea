package dev.sectools.cli.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** exec with real child processes (sh), in-process parent. */
class ExecCommandTest {
  @SecureTempDir
  Path home;

  Cli cli;

  @BeforeEach
  void secrets() throws Exception {
    cli = Cli.withStore(home);
    cli.stdin("db-s3cret-value").run("secrets", "set", "app/db");
    cli.stdin("api-token-value\n").run("secrets", "set", "app/api");
  }

  @Test
  void exec_env_childGetsValueAndOutputIsMasked() {
    Cli.Result r = cli.run("exec", "--env", "DB=app/db", "--", "sh", "-c",
        "echo \"out $DB\"; echo \"err $DB\" >&2; test \"$DB\" = db-s3cret-value && echo same");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("out <masked>\nsame\n");
    assertThat(r.err()).isEqualTo("err <masked>\n");
  }

  @Test
  void exec_noMask_showsOutputAsIs() {
    Cli.Result r = cli.run("exec", "--no-mask", "--env", "DB=app/db", "--", "sh", "-c", "echo \"$DB\"");

    assertThat(r.out()).isEqualTo("db-s3cret-value\n");
  }

  @Test
  void exec_maskFalseInConfigFile_showsOutputAsIs() throws Exception {
    java.nio.file.Files.writeString(home.resolve("config"), "mask=false\n");

    Cli.Result r = cli.run("--config", home.resolve("config").toString(), "exec", "--env", "DB=app/db", "--",
        "sh", "-c", "echo \"$DB\"");

    assertThat(r.out()).isEqualTo("db-s3cret-value\n");
  }

  @Test
  void exec_valueWrittenInPieces_isStillMasked() {
    Cli.Result r = cli.run("exec", "--env", "DB=app/db", "--", "sh", "-c",
        "printf 'db-s3'; printf 'cret-'; printf 'value!\\n'");

    assertThat(r.out()).isEqualTo("<masked>!\n");
  }

  @Test
  void exec_valueWithTrailingNewlinePrintedTrimmed_isMasked() {
    Cli.Result r = cli.run("exec", "--env", "API=app/api", "--", "sh", "-c", "printf 'token=%s;' \"$API\"");

    assertThat(r.out()).isEqualTo("token=<masked>;");
  }

  @Test
  void exec_file_private0600In0700DirectoryOnTmpfs_removedAfterExit() {
    assumeTmpfs();
    Cli.Result r = cli.run("exec", "--no-mask", "--file", "DB_FILE=app/db", "--", "sh", "-c",
        "echo \"$DB_FILE\"; stat -c %a \"$DB_FILE\" \"$(dirname \"$DB_FILE\")\"; stat -f -c %T \"$DB_FILE\"; cat \"$DB_FILE\"");

    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    Path file = Path.of(lines[0]);
    assertThat(lines[1]).isEqualTo("600");
    assertThat(lines[2]).isEqualTo("700");
    assertThat(lines[3]).isEqualTo("tmpfs");
    assertThat(lines[4]).isEqualTo("db-s3cret-value");
    assertThat(file.getParent()).doesNotExist();
  }

  @Test
  void exec_childExitStatus_passesThrough() {
    assertThat(cli.run("exec", "--env", "DB=app/db", "--", "sh", "-c", "exit 42").exit()).isEqualTo(42);
  }

  @Test
  void exec_childKilledBySignal_exits128PlusSignal() {
    assertThat(cli.run("exec", "--env", "DB=app/db", "--", "sh", "-c", "kill -KILL $$").exit()).isEqualTo(128 + 9);
  }

  @Test
  void exec_fileDirectory_removedWhenChildIsKilled() {
    assumeTmpfs();
    Cli.Result r = cli.run("exec", "--file", "F=app/db", "--", "sh", "-c", "echo \"$F\"; kill -KILL $$");

    assertThat(r.exit()).isEqualTo(137);
    assertThat(Path.of(r.out().strip()).getParent()).doesNotExist();
  }

  @Test
  void exec_passphraseVariable_isNotPassedToChild() {
    Cli.Result r = cli.env("SECTOOLS_PASSPHRASE", Cli.PASSPHRASE).unset("SECTOOLS_PASSPHRASE_FILE")
        .run("exec", "--env", "DB=app/db", "--", "sh", "-c", "echo \"[${SECTOOLS_PASSPHRASE:-unset}]\"");

    assertThat(r.out()).isEqualTo("[unset]\n");
  }

  @Test
  void exec_programNotFound_exits3() {
    Cli.Result r = cli.run("exec", "--env", "DB=app/db", "--", "no-such-program-here");

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("cannot run 'no-such-program-here'");
  }

  @Test
  void exec_missingSecret_exits3AndRunsNothing() {
    Cli.Result r = cli.run("exec", "--env", "DB=app/none", "--", "sh", "-c", "echo ran");

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void exec_sameVariableTwice_exits2() {
    assertThat(cli.run("exec", "--env", "A=app/db", "--file", "A=app/api", "--", "true").exit()).isEqualTo(2);
  }

  @Test
  void exec_mappingWithoutName_exits2() {
    assertThat(cli.run("exec", "--env", "=app/db", "--", "true").exit()).isEqualTo(2);
  }

  @Test
  void exec_nothingToPass_exits2() {
    assertThat(cli.run("exec", "--", "true").exit()).isEqualTo(2);
  }

  @Test
  void exec_childOptionsAfterCommand_areNotParsedBySectools() {
    Cli.Result r = cli.run("exec", "--env", "DB=app/db", "--", "sh", "-c", "echo \"$1\"", "sh", "--help");

    assertThat(r.out()).isEqualTo("--help\n");
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
