package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** delete, undelete, destroy and rollback. */
class VersionStateCommandsTest {
  @SecureTempDir
  Path home;

  Cli cli;

  @BeforeEach
  void twoVersions() throws Exception {
    cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/token");
    cli.stdin("v2").run("secrets", "set", "app/token");
  }

  @Test
  void delete_current_thenGetExits3_undeleteRestores() {
    assertThat(cli.run("secrets", "delete", "app/token").exit()).isZero();
    assertThat(cli.run("secrets", "get", "app/token").exit()).isEqualTo(3);

    assertThat(cli.run("secrets", "undelete", "app/token").exit()).isZero();
    assertThat(cli.run("secrets", "get", "app/token").out()).isEqualTo("v2");
  }

  @Test
  void destroy_withoutYes_exits2AndKeepsValue() {
    Cli.Result r = cli.run("secrets", "destroy", "app/token", "--version", "1");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--yes");
    assertThat(cli.run("secrets", "get", "app/token", "--version", "1").out()).isEqualTo("v1");
  }

  @Test
  void destroy_withYes_listsVersionAsDestroyed() {
    assertThat(cli.run("secrets", "destroy", "app/token", "--version", "1", "--yes").exit()).isZero();

    assertThat(cli.run("secrets", "versions", "app/token").out()).containsPattern("(?m)^1 +destroyed");
    assertThat(cli.run("secrets", "undelete", "app/token", "--version", "1").exit()).isZero();
    assertThat(cli.run("secrets", "get", "app/token", "--version", "1").exit()).isEqualTo(3);
  }

  @Test
  void deletePurge_withYes_forgetsSecret() {
    assertThat(cli.run("secrets", "delete", "app/token", "--purge", "--yes").exit()).isZero();

    assertThat(cli.run("secrets", "versions", "app/token").exit()).isEqualTo(3);
    assertThat(cli.run("secrets", "list", "-r").out()).isEmpty();
  }

  @Test
  void rollback_toVersion1_writesVersion3WithItsValue() {
    Cli.Result r = cli.run("secrets", "rollback", "app/token", "1");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("as version 3");
    assertThat(cli.run("secrets", "get", "app/token").out()).isEqualTo("v1");
  }

  @Test
  void delete_missingVersion_exits3() {
    assertThat(cli.run("secrets", "delete", "app/token", "--version", "9").exit()).isEqualTo(3);
  }
}
