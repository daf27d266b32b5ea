package dev.sectools.cli.agent;

import dev.sectools.cli.SectoolsCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code sectools agent stop}: closes every store and ends the agent. */
@Command(name = "stop", header = "Stop the agent: close every store it holds, remove its socket, and exit.",
    description = {"Returns once the socket is gone. Exit code 3 if no agent is running."})
public final class AgentStopCommand extends SectoolsCommand {
  private static final long WAIT_MILLIS = 10_000;

  /** For picocli. */
  public AgentStopCommand() {}

  @Override
  public Integer call() throws IOException, InterruptedException {
    AgentStatusCommand.request(env().variables(), AgentProtocol.STOP);
    Path socket = AgentLocation.from(env().variables()).socket();
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    info("sectools: agent stopped");
    return 0;
  }
}
