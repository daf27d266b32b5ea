package dev.sectools.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.agent.AgentClientMain.GetRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClientMainTest {
  private static final Path CWD = Path.of("/work/dir");

  @TempDir
  Path home;

  @Test
  void parse_plainGetWithOptions_recognised() {
    assertThat(GetRequest.parse(new String[] {"-q", "secrets", "get", "app/db", "--store", "/s", "--version", "2", "--json"}))
        .contains(new GetRequest("app/db", "/s", 2, true));
  }

  @Test
  void parse_anythingElse_fallsBack() {
    for (String[] args : new String[][] {{"secrets", "get"}, {"secrets", "set", "a/b"}, {"secrets", "get", "a/b", "--help"},
        {"secrets", "get", "a/b", "--passphrase-file", "f"}, {"secrets", "get", "a/b", "--version", "0"},
        {"--config", "x", "secrets", "get", "a/b"}, {"secrets", "get", "a/b", "c/d"}, {"--version"}}) {
      assertThat(GetRequest.parse(args)).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void storeDirectory_sameOrderAsFullCommandLine() throws Exception {
    Map<String, String> env = Map.of("HOME", home.toString());
    assertThat(AgentClientMain.storeDirectory(null, env, CWD)).contains(home.resolve(".local/share/sectools/default"));
    assertThat(AgentClientMain.storeDirectory(null, Map.of("HOME", home.toString(), "XDG_DATA_HOME", "/d"), CWD))
        .contains(Path.of("/d/sectools/default"));
    Files.createDirectories(home.resolve(".config/sectools"));
    Files.writeString(home.resolve(".config/sectools/config"), "store=/from/config\n");
    assertThat(AgentClientMain.storeDirectory(null, env, CWD)).contains(Path.of("/from/config"));
    assertThat(AgentClientMain.storeDirectory(null, Map.of("HOME", home.toString(), "SECTOOLS_STORE", "/e"), CWD))
        .contains(Path.of("/e"));
    assertThat(AgentClientMain.storeDirectory("/opt", env, CWD)).contains(Path.of("/opt"));
  }

  @Test
  void storeDirectory_relativeStore_resolvedAgainstTheCallersDirectory() throws Exception {
    Map<String, String> env = Map.of("HOME", home.toString(), "SECTOOLS_STORE", "env-store");
    assertThat(AgentClientMain.storeDirectory("stores/../mine", env, CWD)).contains(Path.of("/work/dir/mine"));
    assertThat(AgentClientMain.storeDirectory(null, env, CWD)).contains(Path.of("/work/dir/env-store"));
  }

  @Test
  void storeDirectory_unknownConfigKeyOrDbUrl_fallsBack() throws Exception {
    Files.createDirectories(home.resolve(".config/sectools"));
    Files.writeString(home.resolve(".config/sectools/config"), "passphrase=oops\n");
    assertThat(AgentClientMain.storeDirectory(null, Map.of("HOME", home.toString()), CWD)).isEqualTo(Optional.empty());
    assertThat(AgentClientMain.storeDirectory(null, Map.of("HOME", home.toString(), "SECTOOLS_DB_URL", "jdbc:x"), CWD))
        .isEmpty();
  }
}
