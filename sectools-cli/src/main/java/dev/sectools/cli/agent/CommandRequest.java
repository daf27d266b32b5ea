package dev.sectools.cli.agent;

import dev.sectools.cli.agent.AgentClientMain.GetRequest;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's answer to {@link AgentProtocol#COMMAND}: the native client's whole command line,
 * served exactly as {@link AgentClientMain} serves it in a JVM (same parsing, same store choice,
 * same output), so the two fast paths cannot drift apart. The client sends only the variables
 * that choose a store ({@link #VARIABLES}); the peer is the agent's own user, so reading the
 * config file it names is no more than the client could do itself.
 */
final class CommandRequest {
  /** The variables the store choice reads; the native client sends these and no others. */
  static final List<String> VARIABLES = List.of("SECTOOLS_DB_URL", "SECTOOLS_STORE", "SECTOOLS_CONFIG",
      "XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME");

  private CommandRequest() {}

  /** The reply to {@code request}: the bytes to print, an error, or {@link AgentProtocol#NOT_UNLOCKED}. */
  static Frame answer(Frame request, AgentStores stores) {
    Path cwd;
    try {
      cwd = Path.of(request.text(0));
    } catch (InvalidPathException e) {
      return fallBack();
    }
    String[] args = new String[request.size() - 2];
    for (int i = 0; i < args.length; i++) {
      args[i] = request.text(i + 2);
    }
    Optional<GetRequest> get = GetRequest.parse(args);
    if (!cwd.isAbsolute() || get.isEmpty()) {
      return fallBack();
    }
    Optional<Path> store;
    try {
      store = AgentClientMain.storeDirectory(get.get().store(), environment(request.field(1)), cwd);
    } catch (IOException | InvalidPathException e) {
      return fallBack(); // the full command line reports it
    }
    if (store.isEmpty()) {
      return fallBack();
    }
    Frame reply = stores.get(store.get().toString(), get.get().path(), get.get().version());
    if (reply.kind() != AgentProtocol.OK) {
      return reply;
    }
    try {
      return new Frame(AgentProtocol.OK, List.of(AgentClientMain.output(reply, get.get())));
    } finally {
      reply.wipe();
    }
  }

  /** {@code NAME=value} entries separated by NUL; only {@link #VARIABLES} are kept. */
  static Map<String, String> environment(byte[] block) {
    Map<String, String> env = new HashMap<>();
    for (String entry : new String(block, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && VARIABLES.contains(entry.substring(0, eq))) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  private static Frame fallBack() {
    return Frame.of(AgentProtocol.NOT_UNLOCKED, "only the full command line can answer this");
  }
}
