package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import java.io.IOException;

/**
 * A {@code secrets} command that a running agent may run for its client, with the key it holds,
 * so that the client pays no key derivation and asks for no passphrase (see {@link AgentRouting}).
 * The agent runs it in its own process: the command reads standard input only as bytes the
 * client read first ({@link #agentInput}), its output and its progress bar are streamed back, and
 * relative paths are resolved against the client's working directory.
 *
 * <p>Not served, and run by the client itself: {@code init} (no store yet), {@code passwd} (it
 * changes the key the agent holds), {@code restore} (it replaces the store under the agent),
 * {@code migrate}, {@code audit enable}, {@code audit tail} (it opens no store), and any command
 * with {@code --db-url}.
 */
public interface AgentServed {
  /** The options that select the command's store. */
  StoreOptions storeOptions();

  /**
   * Whether the agent can run the command as given; {@code false} when it needs the client's
   * terminal or standard input in a way the agent cannot serve (the client then runs it).
   */
  default boolean agentCanServe(CliEnvironment env) {
    return true;
  }

  /**
   * What the command will read from standard input, read by the client just before the agent
   * runs it (a prompt at a terminal here, in the client); empty if it reads nothing. The caller
   * wipes the array.
   */
  default byte[] agentInput(CliEnvironment env) throws IOException {
    return new byte[0];
  }
}
