package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.junit.SecureTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Store selection and defaults: option, SECTOOLS_* variable, config file, XDG default. */
class ConfigDefaultsTest {
  @SecureTempDir
  Path home;

  @Test
  void store_fromConfigFileInXdgConfigHome_isUsed() throws Exception {
    Cli.withStore(home);
    Files.createDirectories(home.resolve("cfg/sectools"));
    Files.writeString(home.resolve("cfg/sectools/config"), "store=" + home.resolve("store") + "\n"
        + "passphrase-file=" + home.resolve("passphrase") + "\n");

    Cli.Result r = Cli.in(home).env("XDG_CONFIG_HOME", home.resolve("cfg").toString()).run("secrets", "list");

    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void store_variableBeatsConfigFile() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.writeString(home.resolve("config"), "store=" + home.resolve("elsewhere") + "\n");

    assertThat(cli.run("--config", home.resolve("config").toString(), "secrets", "list").exit()).isZero();
  }

  @Test
  void store_optionBeatsVariable() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "list", "--store", home.resolve("elsewhere").toString());

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains(home.resolve("elsewhere").toString());
  }

  @Test
  void store_nothingSet_defaultsUnderXdgDataHome() throws Exception {
    Files.writeString(home.resolve("pass"), Cli.PASSPHRASE);
    Cli cli = Cli.in(home).env("XDG_DATA_HOME", home.resolve("data").toString())
        .env("SECTOOLS_PASSPHRASE_FILE", home.resolve("pass").toString());

    assertThat(cli.run("secrets", "init", "--kdf", "minimum").exit()).isZero();

    assertThat(home.resolve("data/sectools/default/store.db")).isRegularFile();
  }

  @Test
  void config_explicitFileMissing_exits2() {
    Cli.Result r = Cli.in(home).run("--config", home.resolve("missing").toString(), "secrets", "list");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("config file not found");
  }

  @Test
  void config_unknownKey_exits2NamingKnownKeys() throws Exception {
    Files.writeString(home.resolve("config"), "passphrase=never-here\n");

    Cli.Result r = Cli.in(home).run("--config=" + home.resolve("config"), "secrets", "list");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown key [passphrase]").contains("passphrase-file").doesNotContain("never-here");
  }

  @Test
  void dbUrl_withPassword_exits2WithoutEchoingIt() throws Exception {
    Cli.Result r = Cli.withStore(home).env("SECTOOLS_DB_URL", "jdbc:postgresql://db/secrets?password=hunter2")
        .run("secrets", "list");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("must not carry a password").doesNotContain("hunter2");
  }

  @Test
  void verbose_fromVariable_addsCauseChain() throws Exception {
    Cli.Result r = Cli.withStore(home).env("SECTOOLS_VERBOSE", "true").run("secrets", "get", "app/none");

    assertThat(r.err()).contains("caused by dev.sectools.secrets.SecretNotFoundException");
  }
}
