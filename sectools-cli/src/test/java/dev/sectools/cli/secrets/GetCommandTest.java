package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class GetCommandTest {
  @SecureTempDir
  Path home;

  @Test
  void get_current_printsRawValueOnly() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/token");
    cli.stdin("v2").run("secrets", "set", "app/token");

    Cli.Result r = cli.run("secrets", "get", "app/token");

    assertThat(r.out()).isEqualTo("v2");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void get_version_printsThatVersion() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/token");
    cli.stdin("v2").run("secrets", "set", "app/token");

    assertThat(cli.run("secrets", "get", "app/token", "--version", "1").out()).isEqualTo("v1");
  }

  @Test
  void get_json_escapesTextValue() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("a \"quoted\"\nline").run("secrets", "set", "app/token");

    Cli.Result r = cli.run("secrets", "get", "app/token", "--json");

    assertThat(r.out()).isEqualTo("{\"path\":\"app/token\",\"version\":1,\"value\":\"a \\\"quoted\\\"\\nline\"}\n");
  }

  @Test
  void get_jsonBinaryValue_givesBase64() throws Exception {
    Cli cli = Cli.withStore(home);
    byte[] binary = {(byte) 0xff, (byte) 0xfe, 0, 1};
    cli.stdin(binary).run("secrets", "set", "app/key");

    Cli.Result r = cli.run("secrets", "get", "app/key", "--json");

    assertThat(r.out()).contains("\"value_base64\":\"" + Base64.getEncoder().encodeToString(binary) + "\"");
  }

  @Test
  void get_versionZero_exits2() throws Exception {
    assertThat(Cli.withStore(home).run("secrets", "get", "app/token", "--version", "0").exit()).isEqualTo(2);
  }
}
