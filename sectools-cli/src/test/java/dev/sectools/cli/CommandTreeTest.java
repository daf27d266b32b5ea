package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
  private static CommandLine built(String... args) {
    CommandLine cmd = new CommandLine(new Sectools(CliEnvironment.builder().build()));
    CommandTree.addFor(cmd, List.of(args));
    return cmd;
  }

  @Test
  void addFor_leafCommand_buildsOnlyItsPath() {
    CommandLine cmd = built("--config", "secrets", "secrets", "get", "--store", "x", "app/token");

    assertThat(cmd.getSubcommands()).containsOnlyKeys("secrets");
    assertThat(cmd.getSubcommands().get("secrets").getSubcommands()).containsOnlyKeys("get");
  }

  @Test
  void addFor_noCommandWord_buildsNothing() {
    assertThat(built("--version").getSubcommands()).isEmpty();
  }

  @Test
  void addFor_unknownWord_buildsThatLevelToSuggest() {
    CommandLine cmd = built("secrets", "gte");

    assertThat(cmd.getSubcommands().get("secrets").getSubcommands()).containsKeys("get", "set", "keys");
  }

  @Test
  void addFor_helpOrCompletion_buildsWholeTree() {
    assertThat(built("secrets", "get", "--help").getSubcommands()).containsKeys("secrets", "exec", "file", "temp");
    CommandLine all = built("completion", "fish");
    assertThat(all.getSubcommands().get("secrets").getSubcommands().get("keys").getSubcommands())
        .containsOnlyKeys("disable", "enable", "destroy");
  }

  @Test
  void addFor_afterDoubleDash_wordsAreNotCommands() {
    CommandLine cmd = built("exec", "--env", "A=a/b", "--", "secrets");

    assertThat(cmd.getSubcommands()).containsOnlyKeys("exec");
  }

  @Test
  void fullCommandLine_everyVerbIsRegistered() {
    CommandLine secrets = Sectools.fullCommandLine().getSubcommands().get("secrets");

    assertThat(secrets.getSubcommands()).containsOnlyKeys("init", "set", "get", "delete", "undelete", "destroy",
        "list", "versions", "rollback", "metadata", "rotate", "reencrypt", "migrate", "keys", "backup", "restore",
        "export", "import", "status", "audit", "generate", "passwd");
    assertThat(secrets.getSubcommands().get("audit").getSubcommands())
        .containsOnlyKeys("verify", "tail", "hash", "enable");
  }
}
