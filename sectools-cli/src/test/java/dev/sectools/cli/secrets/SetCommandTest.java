package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SetCommandTest {
  @SecureTempDir
  Path home;

  @Test
  void set_fromStdin_storesBytesExactly() throws Exception {
    Cli cli = Cli.withStore(home);
    byte[] binary = {0, 1, 2, (byte) 0xff, '\n'};

    Cli.Result r = cli.stdin(binary).run("secrets", "set", "app/blob");

    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).isEmpty();
    assertThat(r.err()).contains("stored version 1");
    assertThat(cli.run("secrets", "get", "app/blob").stdout()).containsExactly(binary);
  }

  @Test
  void set_chomp_dropsOneTrailingLineEnd() throws Exception {
    Cli cli = Cli.withStore(home);

    cli.stdin("s3cret\r\n").run("secrets", "set", "app/token", "--chomp");

    assertThat(cli.run("secrets", "get", "app/token").out()).isEqualTo("s3cret");
  }

  @Test
  void set_json_printsPathAndVersion() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("one").run("secrets", "set", "app/token");

    Cli.Result r = cli.stdin("two").run("secrets", "set", "app/token", "--json");

    assertThat(r.out()).isEqualTo("{\"path\":\"app/token\",\"version\":2}\n");
  }

  @Test
  void set_valueAsArgument_refusedWithoutEchoingIt() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "set", "app/token", "hunter2-typed-by-mistake");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).doesNotContain("hunter2").contains("standard input");
  }

  @Test
  void set_emptyStdin_exits2AndStoresNothing() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "set", "app/token");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(cli.run("secrets", "get", "app/token").exit()).isEqualTo(3);
  }

  @Test
  void set_atTerminal_asksTwiceWithoutEcho() throws Exception {
    Cli cli = Cli.withStore(home);
    ScriptedTerminal t = new ScriptedTerminal("typed-value", "typed-value");

    Cli.Result r = cli.terminal(t).run("secrets", "set", "app/token");

    assertThat(r.exit()).isZero();
    assertThat(t.prompts()).containsExactly("Value for app/token:", "Repeat the value:");
    assertThat(cli.terminal(new ScriptedTerminal()).run("secrets", "get", "app/token").out()).isEqualTo("typed-value");
  }

  @Test
  void set_atTerminalEntriesDiffer_exits2AndStoresNothing() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.terminal(new ScriptedTerminal("first", "second")).run("secrets", "set", "app/token");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("did not match").doesNotContain("first").doesNotContain("second");
  }

  @Test
  void set_casZeroOnNewSecret_writesVersion1() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.stdin("v").run("secrets", "set", "app/token", "--cas", "0", "--json");

    assertThat(r.out()).contains("\"version\":1");
  }
}
