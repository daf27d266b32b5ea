package dev.sectools.cli.agent;

import dev.sectools.cli.agent.AgentProtocol.Frame;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.Optional;

/**
 * Talks to a running agent: one connection per request. Loads nothing beyond {@code java.base}:
 * the fast client uses it.
 */
public final class AgentClient {
  private final AgentLocation location;

  private AgentClient(AgentLocation location) {
    this.location = location;
  }

  /** A client for the agent at {@code location} (which may not be running). */
  public static AgentClient at(AgentLocation location) {
    return new AgentClient(location);
  }

  /** Where the agent listens. */
  public AgentLocation location() {
    return location;
  }

  /** Whether a socket file is there (cheap: no connection is made). */
  public boolean socketExists() {
    return Files.exists(location.socket(), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Sends {@code request} and returns the reply, or empty if no agent accepts a connection there
   * (no socket, or a stale one).
   *
   * @throws IOException if the agent accepted but the exchange failed (it closed the connection:
   *     refused, or died)
   */
  public Optional<Frame> tryCall(Frame request) throws IOException {
    Optional<Connection> connection = connect();
    if (connection.isEmpty()) {
      return Optional.empty();
    }
    try (Connection c = connection.get()) {
      c.send(request);
      return Optional.of(c.receive());
    }
  }

  /**
   * A connection for a conversation of several frames (RUN), or empty if no agent accepts one.
   * Close it.
   */
  public Optional<Connection> connect() throws IOException {
    if (!socketExists()) {
      return Optional.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
    try {
      channel.connect(UnixDomainSocketAddress.of(location.socket()));
      return Optional.of(new Connection(channel));
    } catch (IOException e) { // ECONNREFUSED (stale socket), EACCES, ENOENT: no usable agent
      channel.close();
      return Optional.empty();
    }
  }

  /** One open connection to the agent. */
  public static final class Connection implements AutoCloseable {
    private final SocketChannel channel;

    private Connection(SocketChannel channel) {
      this.channel = channel;
    }

    /** Sends one frame. */
    public void send(Frame frame) throws IOException {
      AgentProtocol.write(channel, frame);
    }

    /**
     * Receives one frame.
     *
     * @throws java.io.EOFException if the agent closed the connection
     */
    public Frame receive() throws IOException {
      return AgentProtocol.read(channel);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * Sends {@code request} to an agent that must be running.
   *
   * @throws AgentUnavailableException if none accepts a connection
   */
  public Frame call(Frame request) throws IOException {
    return tryCall(request).orElseThrow(() -> new AgentUnavailableException(location));
  }

  /** No agent accepts connections at a location. */
  public static final class AgentUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** No agent at {@code location}. */
    public AgentUnavailableException(AgentLocation location) {
      super("no agent is running at " + location);
    }
  }
}
