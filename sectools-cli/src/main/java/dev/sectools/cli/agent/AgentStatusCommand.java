package dev.sectools.cli.agent;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.agent.AgentClient.AgentUnavailableException;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.cli.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sectools agent status}: whether an agent runs, and what it holds. */
@Command(name = "status", header = "Show whether the agent runs, is locked, and which stores it holds.",
    description = {"Prints key=value lines: pid, socket, locked, idle-timeout, locks-at, and one",
        "store=DIR per unlocked store. Exit code 3 if no agent is running."})
public final class AgentStatusCommand extends SectoolsCommand {
  @Option(names = "--json", description = "Print a JSON object instead.")
  private boolean json;

  /** For picocli. */
  public AgentStatusCommand() {}

  @Override
  public Integer call() throws IOException {
    Frame reply = request(env().variables(), AgentProtocol.STATUS);
    List<String> lines = fields(reply);
    if (!json) {
      lines.forEach(out()::println);
      return 0;
    }
    Map<String, Object> result = new LinkedHashMap<>();
    List<String> stores = new ArrayList<>();
    for (String line : lines) {
      String key = line.substring(0, line.indexOf('='));
      String value = line.substring(line.indexOf('=') + 1);
      switch (key) {
        case "store" -> stores.add(value);
        case "pid" -> result.put(key, Long.parseLong(value));
        case "locked" -> result.put(key, Boolean.parseBoolean(value));
        default -> result.put(key, value);
      }
    }
    result.put("stores", stores);
    out().println(Json.of(result));
    return 0;
  }

  /** Sends a request that needs no fields to the agent the environment names. */
  static Frame request(Map<String, String> variables, byte kind) throws IOException {
    AgentLocation location = AgentLocation.from(variables);
    try {
      Frame reply = AgentClient.at(location).call(Frame.of(kind));
      if (reply.kind() != AgentProtocol.OK) {
        throw new CliException(ExitCode.INTERNAL, "the agent answered: " + reply.text(0));
      }
      return reply;
    } catch (AgentUnavailableException e) {
      throw new CliException(ExitCode.NOT_FOUND, "no agent is running at " + location.socket()
          + "; start one with 'sectools agent start'", e);
    }
  }

  /** A reply's fields as text lines. */
  static List<String> fields(Frame reply) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < reply.size(); i++) {
      lines.add(reply.text(i));
    }
    return lines;
  }
}
