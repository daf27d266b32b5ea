package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;

/**
 * How a parsed command line runs: a {@code secrets} command that an agent may serve
 * ({@link AgentServed}) goes to a running agent, which runs it with the key it holds, unlocking
 * the store in it first if needed; with no agent, or one that cannot serve it, the command runs
 * here. In the agent itself, only {@link AgentServed} commands run.
 *
 * <p>Help requests always run here. A {@code sectools shell} session holds its own key, so its
 * commands never go to an agent.
 */
public final class AgentRouting implements IExecutionStrategy {
  /**
   * The status by which a command line run in an agent says that the agent does not run it; not
   * an exit code any command returns.
   */
  public static final int NOT_SERVED = 125;

  private final CliEnvironment env;

  /** A strategy for command lines run in {@code env}. */
  public AgentRouting(CliEnvironment env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  @Override
  public int execute(ParseResult parseResult) {
    Integer help = CommandLine.executeHelpRequest(parseResult);
    if (help != null) {
      return help;
    }
    ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    Object command = leaf.commandSpec().userObject();
    if (env.inAgent()) {
      boolean served = command instanceof AgentServed s && s.storeOptions().dbUrl == null && s.agentCanServe(env);
      return served ? new RunLast().execute(parseResult) : NOT_SERVED;
    }
    if (command instanceof AgentServed s && env.sessionKey().isEmpty()) {
      OptionalInt viaAgent;
      try {
        viaAgent = ThroughAgent.run(s, env, parseResult.originalArgs());
      } catch (IOException | RuntimeException e) {
        throw new ExecutionException(leaf.commandSpec().commandLine(), String.valueOf(e.getMessage()), e);
      }
      if (viaAgent.isPresent()) {
        return viaAgent.getAsInt();
      }
    }
    return new RunLast().execute(parseResult);
  }
}
