package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GenerateCommandTest {
  @SecureTempDir
  Path home;

  @Test
  void generate_noPath_printsPasswordWithoutStore() {
    Cli.Result r = Cli.in(home).run("secrets", "generate", "--length", "20", "--classes", "digits");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).matches("[0-9]{20}\n");
  }

  @Test
  void generate_path_storesAndPrintsNothing() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "generate", "app/db-password");

    assertThat(r.stdout()).isEmpty();
    assertThat(cli.run("secrets", "get", "app/db-password").out()).hasSize(32);
  }

  @Test
  void generate_pathAndPrint_printsTheStoredValue() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "generate", "app/db-password", "--print");

    assertThat(r.out()).isEqualTo(cli.run("secrets", "get", "app/db-password").out() + "\n");
  }

  @Test
  void generate_tooShort_exits2() {
    assertThat(Cli.in(home).run("secrets", "generate", "--length", "8").exit()).isEqualTo(2);
  }
}
