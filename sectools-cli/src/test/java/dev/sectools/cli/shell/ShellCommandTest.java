package dev.sectools.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.cli.SectoolsProcess;
import dev.sectools.junit.SecureTempDir;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShellCommandTest {
  @SecureTempDir
  Path home;

  Cli cli;
  String canary;

  @BeforeEach
  void store() throws Exception {
    cli = Cli.withStore(home).env("XDG_STATE_HOME", home.resolve("state").toString());
    canary = "canary-" + UUID.randomUUID();
  }

  private Path history() {
    return home.resolve("state/sectools/history");
  }

  @Test
  void shell_scriptedSetThenGet_valueFromNextLineAndNeverInHistory() throws Exception {
    Cli.Result r = cli.stdin("set app/canary\n" + canary + "\nget app/canary\nlist\nexit\n").run("shell");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(canary).contains("canary");
    String history = Files.readString(history());
    assertThat(history).isEqualTo("set app/canary\nget app/canary\nlist\n").doesNotContain(canary);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history()))).isEqualTo("rw-------");
  }

  @Test
  void shell_valueTypedOnTheLine_refusedWithoutEchoAndNotRecorded() throws Exception {
    Cli.Result r = cli.stdin("set app/x " + canary + "\nexit\n").run("shell");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("values are never taken as arguments").doesNotContain(canary);
    assertThat(Files.readString(history())).doesNotContain(canary);
    assertThat(cli.run("secrets", "get", "app/x").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  @Test
  void shell_atTerminal_passphraseAskedOnceAndValueWithoutEcho() throws Exception {
    ScriptedTerminal terminal = new ScriptedTerminal(false, Cli.PASSPHRASE, canary, canary);
    Cli.Result r = cli.unset("SECTOOLS_PASSPHRASE_FILE").terminal(terminal)
        .stdin("set app/a\nget app/a\nget app/a\nversions app/a\n").run("shell");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(terminal.prompts()).containsExactly("Passphrase for the store:", "Value for app/a:", "Repeat the value:");
    assertThat(r.out()).startsWith(canary + canary);
    assertThat(Files.readString(history())).doesNotContain(canary);
  }

  @Test
  void shell_wrongPassphraseFile_exits6BeforeAnyCommand() throws Exception {
    Files.writeString(home.resolve("wrong"), "wrong passphrase\n");

    Cli.Result r = cli.env("SECTOOLS_PASSPHRASE_FILE", home.resolve("wrong").toString()).stdin("list\n").run("shell");

    assertThat(r.exit()).isEqualTo(ExitCode.ACCESS_DENIED.code());
    assertThat(history()).doesNotExist();
  }

  @Test
  void shell_initPasswdAndUnbalancedQuote_refusedSessionGoesOn() {
    Cli.Result r = cli.stdin("init\npasswd\nget 'app/x\nhelp\nexit\n").run("shell");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("'init' runs outside the shell").contains("'passwd' runs outside the shell")
        .contains("quote is not closed");
    assertThat(r.out()).contains("In the shell:");
  }

  @Test
  void shell_realProcessWithScriptedStdin_historyHoldsNoValue() throws Exception {
    Map<String, String> vars = Map.of("HOME", home.toString(), "XDG_STATE_HOME", home.resolve("state").toString(),
        "SECTOOLS_STORE", home.resolve("store").toString(),
        "SECTOOLS_PASSPHRASE_FILE", home.resolve("passphrase").toString());
    Process p = SectoolsProcess.start(vars, "shell");
    try (OutputStream in = p.getOutputStream()) {
      in.write(("set app/canary\n" + canary + "\nget app/canary\nexit\n").getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).isZero();
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(canary);
    assertThat(Files.readString(history())).isEqualTo("set app/canary\nget app/canary\n");
  }
}
