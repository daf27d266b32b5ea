package dev.sectools.cli.agent;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sectools agent}: the group of verbs over the agent that keeps stores unlocked. */
@Command(name = "agent",
    header = "Keep stores unlocked in a background process, as gpg-agent does.",
    description = {"The agent pays a store's passphrase derivation (Argon2id) once and then serves",
        "'sectools secrets get' over a Unix socket that only your user may use; it locks itself",
        "(closes every store) after --idle-timeout without use, on 'agent lock' and on 'agent stop'.",
        "The socket is $SECTOOLS_AGENT_SOCK, else $XDG_RUNTIME_DIR/sectools/agent.sock,",
        "else /tmp/sectools-agent-$USER/agent.sock. Exit code 3 if no agent is running."},
    synopsisSubcommandLabel = "COMMAND")
public final class AgentCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For picocli. */
  public AgentCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "an agent command is needed, such as 'start'");
  }
}
