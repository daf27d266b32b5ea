package dev.sectools.cli.agent;

import dev.sectools.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sectools agent}: the group of verbs over the agent that keeps stores unlocked. */
@Command(name = "agent",
    header = "Keep stores unlocked in a background process, as gpg-agent does.",
    description = {"The agent pays a store's passphrase derivation (Argon2id) once and then serves",
        "'sectools secrets get' over a Unix socket that only your user may use; it locks itself",
        "(closes every store) after --idle-timeout without use, on 'agent lock' and on 'agent stop'.",
        "The socket is $SECTOOLS_AGENT_SOCK, else $XDG_RUNTIME_DIR/sectools/agent.sock,",
        "else /tmp/sectools-agent-$USER/agent.sock. Exit code 3 if no agent is running."},
    synopsisSubcommandLabel = "COMMAND")
public final class AgentCommand extends GroupCommand {
  /** For picocli. */
  public AgentCommand() {
    super("an agent command is needed, such as 'start'");
  }
}
