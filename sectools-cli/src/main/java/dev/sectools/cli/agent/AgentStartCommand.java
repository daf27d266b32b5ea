package dev.sectools.cli.agent;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.DurationConverter;
import dev.sectools.cli.internal.Native;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sectools agent start}: starts the agent in the background, or in the foreground. */
@Command(name = "start", header = "Start the agent.",
    description = {"Starts the agent as a background process and waits until it listens, then prints",
        "SECTOOLS_AGENT_SOCK=...; export SECTOOLS_AGENT_SOCK; (for eval, as ssh-agent does). Without",
        "that variable, clients find the agent at its default socket anyway. The agent starts locked:",
        "the first 'sectools secrets get' of a store unlocks it with the usual passphrase source.",
        "Exit code 4 if an agent already runs there, 7 if its directory is not private."})
public final class AgentStartCommand extends SectoolsCommand {
  @Option(names = "--foreground", description = "Run in this process until stopped (for systemd); log to standard error.")
  private boolean foreground;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Lock after this long without a request (default 15m; also $SECTOOLS_IDLE_TIMEOUT).")
  private Duration idleTimeout;

  /** For picocli. */
  public AgentStartCommand() {}

  @Override
  public Integer call() throws Exception {
    Duration idle = idleTimeout == null ? Duration.ofMinutes(15) : idleTimeout;
    if (idle.isNegative() || idle.isZero()) {
      throw usage("--idle-timeout must be positive");
    }
    AgentLocation location = AgentLocation.from(env().variables());
    if (!foreground) {
      return AgentLauncher.start(location, idle, env(), root().quiet());
    }
    if (AgentClient.at(location).tryCall(AgentProtocol.Frame.of(AgentProtocol.STATUS)).isPresent()) {
      throw new CliException(ExitCode.CONFLICT, "an agent is already running at " + location.socket()
          + "; see 'sectools agent status', or stop it with 'sectools agent stop'");
    }
    if (!Native.disableDumps()) {
      warn("cannot make the agent undumpable (prctl): a core dump could hold unlocked keys");
    }
    try (AgentServer server = AgentServer.bind(location, idle, env().errWriter())) {
      Thread hook = new Thread(server::close, "sectools-agent-shutdown");
      Runtime.getRuntime().addShutdownHook(hook); // SIGTERM, SIGINT: close the stores, remove the socket
      server.serve();
      server.awaitStop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs anyway
      }
    }
    return 0;
  }
}
