package dev.sectools.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands handed to an agent whole (RUN), with the agent in this JVM: what needs the client's
 * terminal (a value asked without echo, a progress bar) still reaches it.
 */
class AgentRunTest {
  @SecureTempDir
  Path home;

  Cli cli;
  AgentServer agent;
  Thread serving;
  final StringWriter log = new StringWriter();

  @BeforeEach
  void agentHoldingTheStore() throws Exception {
    Path socket = home.resolve("run").resolve("agent.sock");
    cli = Cli.withStore(home).env("SECTOOLS_AGENT_SOCK", socket.toString());
    agent = AgentServer.bind(AgentLocation.from(Map.of("SECTOOLS_AGENT_SOCK", socket.toString())),
        Duration.ofMinutes(15), new PrintWriter(log, true));
    serving = Thread.ofPlatform().daemon().start(agent::serve);
    assertThat(cli.stdin("first").run("secrets", "set", "app/token").exit()).isZero(); // unlocks it
    cli.unset("SECTOOLS_PASSPHRASE_FILE");
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    serving.join(10_000);
  }

  @Test
  void set_atATerminal_valueAskedTwiceByTheClientStoredByTheAgent() {
    ScriptedTerminal terminal = new ScriptedTerminal("second value", "second value");

    Cli.Result set = cli.terminal(terminal).run("secrets", "set", "app/token");

    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(terminal.prompts()).containsExactly("Value for app/token:", "Repeat the value:");
    assertThat(cli.terminal(new ScriptedTerminal()).run("secrets", "get", "app/token").out()).isEqualTo("second value");
    assertThat(log.toString()).doesNotContain("second value");
  }

  @Test
  void set_atATerminal_valuesDiffer_exits2AndNothingStored() {
    Cli.Result set = cli.terminal(new ScriptedTerminal("one", "two")).run("secrets", "set", "app/token");

    assertThat(set.exit()).isEqualTo(2);
    assertThat(set.err()).contains("did not match");
    assertThat(cli.terminal(new ScriptedTerminal()).run("secrets", "versions", "app/token", "--json").out())
        .doesNotContain("\"version\":2");
  }

  @Test
  void reencrypt_stderrATerminal_progressBarDrawnThroughTheAgent() {
    assertThat(cli.run("secrets", "rotate").exit()).isZero(); // one version to re-encrypt
    Cli.Result r = cli.terminal(new ScriptedTerminal(true)).run("secrets", "reencrypt");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("\r");
  }

  @Test
  void reencrypt_stderrAPipe_noProgressBar() {
    assertThat(cli.run("secrets", "rotate").exit()).isZero();
    Cli.Result r = cli.terminal(new ScriptedTerminal(false)).run("secrets", "reencrypt");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEqualTo("re-encrypted 1 versions\n");
  }
}
