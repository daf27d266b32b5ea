package dev.sectools.cli.agent;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the agent's socket is: {@code $SECTOOLS_AGENT_SOCK} if set; else
 * {@code $XDG_RUNTIME_DIR/sectools/agent.sock}; else {@code /tmp/sectools-agent-USER/agent.sock}.
 * The directory holding it must be {@code 0700} and the user's own (the agent creates it so and
 * refuses it otherwise); the agent's lock file and log sit next to the socket.
 *
 * <p>Loads nothing beyond {@code java.base}: the fast client uses it.
 */
public final class AgentLocation {
  /** The variable naming the socket, as {@code agent start} prints it. */
  public static final String SOCKET_VARIABLE = "SECTOOLS_AGENT_SOCK";
  /** The variable {@code agent start} prints with the agent's process id. */
  public static final String PID_VARIABLE = "SECTOOLS_AGENT_PID";
  private static final String SOCKET_NAME = "agent.sock";

  private final Path socket;

  private AgentLocation(Path socket) {
    this.socket = socket;
  }

  /** The location that {@code variables} (a process environment) select. */
  public static AgentLocation from(Map<String, String> variables) {
    String explicit = variables.get(SOCKET_VARIABLE);
    if (explicit != null && !explicit.isEmpty()) {
      return new AgentLocation(Path.of(explicit).toAbsolutePath().normalize());
    }
    String runtime = variables.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isEmpty()) {
      return new AgentLocation(Path.of(runtime, "sectools", SOCKET_NAME).toAbsolutePath().normalize());
    }
    String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
    return new AgentLocation(Path.of("/tmp", "sectools-agent-" + user, SOCKET_NAME));
  }

  /** The socket. */
  public Path socket() {
    return socket;
  }

  /** The private directory that holds the socket, the lock file and the log. */
  public Path directory() {
    Path parent = socket.getParent();
    if (parent == null) {
      throw new IllegalArgumentException("the agent socket needs a directory, was " + socket);
    }
    return parent;
  }

  /** The lock file an agent holds while it runs (one agent per socket). */
  public Path lockFile() {
    return directory().resolve(socket.getFileName() + ".lock");
  }

  /** The agent's log: what it did, never a value or a passphrase. */
  public Path logFile() {
    return directory().resolve(socket.getFileName() + ".log");
  }

  @Override
  public String toString() {
    return socket.toString();
  }
}
