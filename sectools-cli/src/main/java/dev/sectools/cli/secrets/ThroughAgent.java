package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.agent.AgentClient;
import dev.sectools.cli.agent.AgentLocation;
import dev.sectools.cli.agent.AgentProtocol;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code secrets} commands through a running agent: {@code get} by its own request, the other
 * {@link AgentServed} commands by RUN. A store the agent does not hold yet (never unlocked, or
 * locked since) is unlocked through it with the passphrase from the usual source, so the next
 * command pays no derivation; with no agent, or one that fails before the command ran, the caller
 * runs the command itself.
 */
final class ThroughAgent {
  private ThroughAgent() {}

  /**
   * The agent's reply to GET ({@link AgentProtocol#OK} with the version and the value), or empty
   * if no agent answers.
   *
   * @throws CliException with the agent's exit code and message if it refused (not found,
   *     expired, wrong passphrase…), or if it is locked and there is no passphrase source
   */
  static Optional<Frame> get(StoreOptions options, CliEnvironment env, String path, long version) throws IOException {
    AgentClient client = AgentClient.at(AgentLocation.from(env.variables()));
    if (options.dbUrl != null || !client.socketExists()) {
      return Optional.empty(); // the agent holds local stores only, by their directory
    }
    Path dir = Stores.directory(options, env);
    Frame get = Frame.of(AgentProtocol.GET, dir.toString(), path, Long.toString(version));
    Optional<Frame> reply = call(client, get);
    if (reply.isPresent() && reply.get().kind() == AgentProtocol.NOT_UNLOCKED) {
      if (!unlock(client, dir, options, env)) {
        return Optional.empty();
      }
      reply = call(client, get);
    }
    if (reply.isPresent() && reply.get().kind() != AgentProtocol.OK) {
      throw failure(reply.get());
    }
    return reply;
  }

  /**
   * Runs {@code command} (parsed from {@code args}) in the agent, relaying its output; its exit
   * code, or empty if the caller must run it itself (no agent, or one that will not run it).
   *
   * @throws CliException with the agent's exit code and message if unlocking failed, or
   *     ({@link ExitCode#INTERNAL}) if the agent stopped while the command ran
   */
  static OptionalInt run(AgentServed command, CliEnvironment env, List<String> args) throws IOException {
    StoreOptions options = command.storeOptions();
    AgentClient client = AgentClient.at(AgentLocation.from(env.variables()));
    if (options.dbUrl != null || !client.socketExists() || !command.agentCanServe(env)) {
      return OptionalInt.empty();
    }
    Path dir = Stores.directory(options, env);
    Frame request = runRequest(env, dir, args);
    for (boolean unlocked = false; ; unlocked = true) {
      Optional<AgentClient.Connection> connection = connect(client);
      if (connection.isEmpty()) {
        return OptionalInt.empty();
      }
      Frame first;
      try (AgentClient.Connection c = connection.get()) {
        try {
          c.send(request);
          first = c.receive();
        } catch (IOException e) {
          return OptionalInt.empty(); // nothing ran
        }
        if (first.kind() == AgentProtocol.READY) {
          return relay(c, command, env);
        }
      }
      if (first.kind() != AgentProtocol.NOT_UNLOCKED || unlocked || !unlock(client, dir, options, env)) {
        return OptionalInt.empty();
      }
    }
  }

  private static Frame runRequest(CliEnvironment env, Path dir, List<String> args) {
    StringBuilder vars = new StringBuilder();
    env.variables().forEach((name, value) -> {
      if (AgentProtocol.passedToRun(name)) {
        vars.append(name).append('=').append(value).append('\0');
      }
    });
    String cwd = env.workingDirectory().orElseGet(() -> Path.of("").toAbsolutePath()).toString();
    String terminals = (env.terminal().stdoutIsTerminal() ? "1" : "0") + (env.terminal().stderrIsTerminal() ? "1" : "0");
    return Frame.of(AgentProtocol.RUN, cwd, vars.toString(), dir.toString(), terminals, String.join("\0", args));
  }

  /** Sends the command's input, then writes what the agent streams back; the exit code. */
  private static OptionalInt relay(AgentClient.Connection c, AgentServed command, CliEnvironment env)
      throws IOException {
    byte[] input = command.agentInput(env);
    try {
      c.send(new Frame(AgentProtocol.INPUT, List.of(input)));
    } finally {
      Arrays.fill(input, (byte) 0);
    }
    try {
      while (true) {
        Frame f = c.receive();
        try {
          switch (f.kind()) {
            case AgentProtocol.OUT -> env.out().write(f.field(0));
            case AgentProtocol.ERR -> {
              env.err().write(f.field(0));
              env.err().flush();
            }
            case AgentProtocol.EXIT -> {
              env.out().flush();
              return OptionalInt.of(Integer.parseInt(f.text(0)));
            }
            case AgentProtocol.NOT_SERVED -> {
              if (input.length == 0) {
                return OptionalInt.empty();
              }
              throw new CliException(ExitCode.INTERNAL, "the agent would not run this command after reading its"
                  + " input; run it again with no agent ('sectools agent stop')");
            }
            default -> throw new IOException("unexpected agent frame " + f);
          }
        } finally {
          f.wipe();
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new CliException(ExitCode.INTERNAL, "the agent stopped while it ran the command, so whether it took"
          + " effect is unknown; check, then run it again", e);
    }
  }

  private static Optional<AgentClient.Connection> connect(AgentClient client) {
    try {
      return client.connect();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Frame> call(AgentClient client, Frame request) {
    try {
      return client.tryCall(request);
    } catch (IOException e) {
      return Optional.empty(); // the agent died or refused us: open the store ourselves
    }
  }

  /** Unlocks {@code dir} in the agent; {@code false} if the agent went away meanwhile. */
  private static boolean unlock(AgentClient client, Path dir, StoreOptions options, CliEnvironment env)
      throws IOException {
    Passphrases.Source source;
    try {
      source = Passphrases.source(options.passphraseFile, env);
    } catch (CliException e) {
      throw new CliException(ExitCode.USAGE, "the agent does not hold the store " + dir + " (it is locked,"
          + " or was never unlocked) and there is no passphrase: use --passphrase-file FILE or set"
          + " SECTOOLS_PASSPHRASE_FILE (or run on a terminal to be asked) to unlock it", e);
    }
    int attempts = source == Passphrases.Source.PROMPT ? Passphrases.PROMPT_ATTEMPTS : 1;
    for (int attempt = 1; ; attempt++) {
      char[] pass = Passphrases.read(source, options.passphraseFile, env, "Passphrase for the store:");
      Optional<Frame> reply;
      byte[] utf8 = encode(pass);
      try {
        reply = call(client, new Frame(AgentProtocol.UNLOCK, List.of(dir.toString().getBytes(StandardCharsets.UTF_8),
            utf8)));
      } finally {
        Arrays.fill(pass, '\0');
        Arrays.fill(utf8, (byte) 0);
      }
      if (reply.isEmpty() || reply.get().kind() == AgentProtocol.OK) {
        return reply.isPresent();
      }
      if (reply.get().kind() != ExitCode.ACCESS_DENIED.code() || attempt >= attempts) {
        throw failure(reply.get());
      }
      env.terminal().tell("Wrong passphrase, try again (" + (attempts - attempt) + " left).");
    }
  }

  private static byte[] encode(char[] pass) {
    ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pass));
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    Arrays.fill(b.array(), (byte) 0);
    return bytes;
  }

  private static CliException failure(Frame reply) {
    ExitCode code = Arrays.stream(ExitCode.values()).filter(c -> c.code() == reply.kind()).findFirst()
        .orElse(ExitCode.INTERNAL);
    return new CliException(code, reply.size() > 0 ? reply.text(0) : "the agent failed (" + reply.kind() + ")");
  }
}
