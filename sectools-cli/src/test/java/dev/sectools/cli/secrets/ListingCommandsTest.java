package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** list, versions, metadata: tables for people, JSON for scripts, never a value. */
class ListingCommandsTest {
  @SecureTempDir
  Path home;

  Cli cli;

  @BeforeEach
  void secrets() throws Exception {
    cli = Cli.withStore(home);
    cli.stdin("value-of-db").run("secrets", "set", "app/db/password");
    cli.stdin("value-of-api").run("secrets", "set", "app/api-key");
    cli.stdin("value-of-ci").run("secrets", "set", "ci/token");
  }

  @Test
  void list_top_showsFolders() {
    assertThat(cli.run("secrets", "list").out()).isEqualTo("app/\nci/\n");
  }

  @Test
  void list_prefix_showsNextLevel() {
    assertThat(cli.run("secrets", "list", "app").out()).isEqualTo("api-key\ndb/\n");
  }

  @Test
  void list_recursiveJson_givesEveryPath() {
    assertThat(cli.run("secrets", "list", "-r", "--json").out())
        .isEqualTo("[\"app/api-key\",\"app/db/password\",\"ci/token\"]\n");
  }

  @Test
  void list_long_tableWithVersionsAndNoValues() {
    Cli.Result r = cli.run("secrets", "list", "-r", "-l");

    assertThat(r.out()).startsWith("PATH").contains("app/db/password").doesNotContain("value-of");
  }

  @Test
  void versions_json_listsStateAndKey() {
    cli.stdin("again").run("secrets", "set", "ci/token");

    Cli.Result r = cli.run("secrets", "versions", "ci/token", "--json");

    assertThat(r.out()).startsWith("[{\"version\":1,\"state\":\"live\",\"created\":\"")
        .contains("{\"version\":2,\"state\":\"live\"");
  }

  @Test
  void metadata_update_thenShowJson() {
    Cli.Result r = cli.run("secrets", "metadata", "ci/token", "--max-versions", "3", "--rotate-every", "30d",
        "--on-expired", "refuse", "--custom", "owner=ci-team", "--json");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"max_versions\":3").contains("\"rotate_every\":\"PT720H\"")
        .contains("\"warn_before\":[\"PT336H\",\"PT168H\",\"PT24H\"]").contains("\"on_expired\":\"refuse\"")
        .contains("\"custom\":{\"owner\":\"ci-team\"}");
  }

  @Test
  void metadata_onExpiredWithoutPolicy_exits2() {
    assertThat(cli.run("secrets", "metadata", "ci/token", "--on-expired", "refuse").exit()).isEqualTo(2);
  }

  @Test
  void metadata_noChanges_printsTable() {
    assertThat(cli.run("secrets", "metadata", "ci/token").out()).startsWith("FIELD").contains("current_version");
  }
}
