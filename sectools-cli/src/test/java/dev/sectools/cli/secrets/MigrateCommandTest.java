package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code secrets migrate} and {@code --db-url} against a real PostgreSQL server (embedded). */
class MigrateCommandTest {
  private static EmbeddedPostgres server;

  @SecureTempDir
  Path home;

  @BeforeAll
  static void startServer() throws IOException {
    server = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  private static String url() {
    return "jdbc:postgresql://localhost:" + server.getPort() + "/postgres?user=postgres";
  }

  // The store in (or this host's directory) {@code dir}, unlocked by the passphrase file withStore wrote.
  private Cli unlocked(Path dir) {
    return Cli.in(home).env("SECTOOLS_STORE", dir.toString())
        .env("SECTOOLS_PASSPHRASE_FILE", home.resolve("passphrase").toString());
  }

  @Test
  void migrate_toPostgresAndBack_copiesAndTheCopyServesCommands() throws Exception {
    Cli cli = Cli.withStore(home);
    assertThat(cli.stdin("s3cret").run("secrets", "set", "app/token").exit()).isZero();

    Cli.Result there = cli.run("secrets", "migrate", "--to", url());

    assertThat(there.exit()).as(there.err()).isZero();
    assertThat(there.out()).contains("1 secrets, 1 versions copied and verified");
    Cli shared = unlocked(home.resolve("host-b")).env("SECTOOLS_DB_URL", url());
    assertThat(shared.stdin("rotated").run("secrets", "set", "app/token").exit()).isZero();
    assertThat(shared.run("secrets", "get", "app/token").out()).isEqualTo("rotated");
    assertThat(cli.run("secrets", "get", "app/token").out()).isEqualTo("s3cret"); // the source is untouched

    Path back = home.resolve("back");
    assertThat(shared.run("secrets", "migrate", "--to", back.toString()).exit()).isZero();
    assertThat(unlocked(back).run("secrets", "get", "app/token").out()).isEqualTo("rotated");
    assertThat(cli.run("secrets", "migrate", "--to", url()).exit()).as("a store is there already").isEqualTo(4);
  }
}
