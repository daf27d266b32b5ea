package dev.sectools.cli.agent;

import dev.sectools.cli.SectoolsCommand;
import java.io.IOException;
import picocli.CommandLine.Command;

/** {@code sectools agent lock}: closes every store the agent holds; it keeps running. */
@Command(name = "lock", header = "Lock the agent: close every store it holds, and keep running.",
    description = {"The next 'sectools secrets get' of a store unlocks it again with the usual",
        "passphrase source. Exit code 3 if no agent is running."})
public final class AgentLockCommand extends SectoolsCommand {
  /** For picocli. */
  public AgentLockCommand() {}

  @Override
  public Integer call() throws IOException {
    AgentStatusCommand.request(env().variables(), AgentProtocol.LOCK);
    info("sectools: agent locked");
    return 0;
  }
}
