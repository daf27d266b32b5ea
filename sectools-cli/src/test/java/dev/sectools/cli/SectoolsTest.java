package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SectoolsTest {
  @SecureTempDir
  Path home;

  @Test
  void version_printsSectoolsVersion() {
    Cli.Result r = Cli.in(home).run("--version");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("sectools ").doesNotContain("unknown");
  }

  @Test
  void help_listsCommandsAndExitCodes() {
    Cli.Result r = Cli.in(home).run("--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("secrets").contains("exec").contains("file").contains("temp")
        .contains("completion").contains("8 expired");
  }

  @Test
  void run_noCommand_exits2() {
    Cli.Result r = Cli.in(home).run();

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("sectools: a command is needed, such as 'sectools secrets get PATH'; see 'sectools --help'\n");
  }

  @Test
  void run_unknownCommand_namesIt() {
    Cli.Result r = Cli.in(home).run("secrets", "frobnicate");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command 'frobnicate'");
  }

  @Test
  void error_withoutVerbose_isOneLineWithoutStackTrace() throws Exception {
    Cli.Result r = Cli.withStore(home).run("secrets", "get", "app/none");

    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).doesNotContain("at dev.sectools");
  }

  @Test
  void error_stacktrace_printsIt() throws Exception {
    Cli.Result r = Cli.withStore(home).run("secrets", "get", "app/none", "--stacktrace");

    assertThat(r.err()).contains("at dev.sectools");
  }

  @Test
  void quiet_silencesInfoLines() throws Exception {
    Cli.Result r = Cli.withStore(home).stdin("v").run("--quiet", "secrets", "set", "app/token");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void completion_bash_isPicocliScript() {
    assertThat(Cli.in(home).run("completion", "bash").out()).contains("complete -F").contains("secrets");
  }

  @Test
  void completion_zsh_usesBashcompinit() {
    assertThat(Cli.in(home).run("completion", "zsh").out()).startsWith("#compdef sectools").contains("bashcompinit");
  }

  @Test
  void completion_fish_completesSubcommandsAndOptions() {
    String fish = Cli.in(home).run("completion", "fish").out();

    assertThat(fish).contains("complete -c sectools -n '__fish_use_subcommand' -a secrets")
        .contains("complete -c sectools -n '__fish_seen_subcommand_from secrets' -a get")
        .contains("-l passphrase-file -r -F");
  }
}
