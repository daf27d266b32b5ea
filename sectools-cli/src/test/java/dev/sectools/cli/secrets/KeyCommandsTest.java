package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rotate, reencrypt, keys and its subcommands. */
class KeyCommandsTest {
  @SecureTempDir
  Path home;

  Cli cli;

  @BeforeEach
  void secret() throws Exception {
    cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/token");
  }

  @Test
  void rotate_printsNewPrimaryId_oldKeyStillDecrypts() {
    Cli.Result r = cli.run("secrets", "rotate");

    assertThat(r.exit()).isZero();
    String id = r.out().strip();
    assertThat(cli.run("secrets", "keys").out()).containsPattern("(?m)^" + id + " +primary");
    assertThat(cli.run("secrets", "get", "app/token").out()).isEqualTo("v1");
  }

  @Test
  void reencrypt_onPipe_printsNoProgress() {
    cli.run("secrets", "rotate");

    Cli.Result r = cli.run("secrets", "reencrypt");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).doesNotContain("[").contains("re-encrypted 1 versions");
  }

  @Test
  void reencrypt_onTerminal_drawsProgressBar() {
    cli.run("secrets", "rotate");

    Cli.Result r = cli.terminal(new ScriptedTerminal()).run("secrets", "reencrypt");

    assertThat(r.err()).contains("\rre-encrypting [########################] 100%  1/1 versions")
        .contains("\rre-encrypted 1 versions");
  }

  @Test
  void reencrypt_onTerminalButQuiet_drawsNothing() {
    cli.run("secrets", "rotate");

    Cli.Result r = cli.terminal(new ScriptedTerminal()).run("secrets", "reencrypt", "--quiet");

    assertThat(r.err()).isEmpty();
  }

  @Test
  void keysDisable_primaryKey_exits4() {
    String primary = primaryId(cli.run("secrets", "keys").out());

    Cli.Result r = cli.run("secrets", "keys", "disable", primary);

    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).contains("reencrypt");
  }

  @Test
  void keysDisableThenDestroy_afterReencrypt_removesOldKey() {
    String old = primaryId(cli.run("secrets", "keys").out());
    cli.run("secrets", "rotate", "--reencrypt");

    assertThat(cli.run("secrets", "keys", "disable", old).exit()).isZero();
    assertThat(cli.run("secrets", "keys", "destroy", old).exit()).isEqualTo(2);
    assertThat(cli.run("secrets", "keys", "destroy", old, "--yes").exit()).isZero();

    assertThat(cli.run("secrets", "keys", "--json").out()).doesNotContain("\"id\":" + old + ",");
    assertThat(cli.run("secrets", "get", "app/token").out()).isEqualTo("v1");
  }

  @Test
  void keysEnable_unknownId_exits3() {
    assertThat(cli.run("secrets", "keys", "enable", "12345").exit()).isEqualTo(3);
  }

  private static String primaryId(String table) {
    Matcher m = Pattern.compile("(?m)^(\\d+) +primary").matcher(table);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
