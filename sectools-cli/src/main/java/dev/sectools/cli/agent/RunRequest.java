package dev.sectools.cli.agent;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.Sectools;
import dev.sectools.cli.Terminal;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.cli.secrets.AgentRouting;
import dev.sectools.cli.secrets.SessionKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's side of {@link AgentProtocol#RUN}: runs a client's {@code secrets} command line in
 * the agent with the key it holds for the store, in an environment rebuilt from the request (the
 * client's working directory, its variables that shape commands, whether its output goes to
 * terminals), and streams the command's output back. Only commands that
 * {@link dev.sectools.cli.secrets.AgentServed} marks run: anything else is answered
 * {@link AgentProtocol#NOT_SERVED} and the client runs it itself.
 *
 * <p>The peer is the agent's own user (checked before this runs), so the command can do nothing
 * the client could not do itself; what it saves the client is the key derivation.
 */
final class RunRequest {
  private static final int CHUNK_BYTES = 64 * 1024;

  private RunRequest() {}

  /** Serves one RUN conversation on {@code channel}; {@code request} is its first frame. */
  static void serve(Frame request, SocketChannel channel, AgentStores stores) throws IOException {
    if (request.size() != 5) {
      AgentProtocol.write(channel, Frame.of(AgentProtocol.NOT_SERVED, "malformed RUN request"));
      return;
    }
    Path cwd;
    Optional<SessionKey> key;
    try {
      cwd = Path.of(request.text(0));
      key = cwd.isAbsolute() ? stores.sessionKey(request.text(2)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      // no such store directory, or a path the agent cannot read: the client reports it itself
      AgentProtocol.write(channel, Frame.of(AgentProtocol.NOT_SERVED, "the agent cannot serve this store"));
      return;
    }
    if (key.isEmpty()) {
      AgentProtocol.write(channel, Frame.of(AgentProtocol.NOT_UNLOCKED, "the agent does not hold the store"));
      return;
    }
    AgentProtocol.write(channel, Frame.of(AgentProtocol.READY));
    Frame input = AgentProtocol.read(channel);
    if (input.kind() != AgentProtocol.INPUT || input.size() != 1) {
      input.wipe();
      return;
    }
    try (FrameStream out = new FrameStream(channel, AgentProtocol.OUT, false);
        FrameStream err = new FrameStream(channel, AgentProtocol.ERR, true)) {
      String flags = request.text(3);
      CliEnvironment env = CliEnvironment.builder()
          .variables(variables(request.field(1)))
          .streams(new ByteArrayInputStream(input.field(0)), out, err)
          .terminal(new ClientTerminal(flags.startsWith("1"), flags.endsWith("1"), err))
          .workingDirectory(cwd)
          .sessionKey(key.get())
          .inAgent(true)
          .build();
      String joined = request.text(4);
      String[] args = joined.isEmpty() ? new String[0] : joined.split("\0", -1);
      int code = Sectools.run(env, args);
      env.outWriter().flush();
      env.errWriter().flush();
      out.send();
      err.send();
      AgentProtocol.write(channel, code == AgentRouting.NOT_SERVED
          ? Frame.of(AgentProtocol.NOT_SERVED, "the agent does not run this command")
          : Frame.of(AgentProtocol.EXIT, Integer.toString(code)));
    } finally {
      input.wipe();
    }
  }

  /** {@code NAME=value} entries separated by NUL; only those {@link AgentProtocol#passedToRun} keeps. */
  static Map<String, String> variables(byte[] block) {
    Map<String, String> env = new HashMap<>();
    for (String entry : new String(block, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0 && AgentProtocol.passedToRun(entry.substring(0, eq))) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  /**
   * Sends what a command writes as frames of {@code kind}: when {@value #CHUNK_BYTES} bytes are
   * buffered, at the end, and (standard error, for progress bars and prompts) at each flush. The
   * buffer, which may hold a secret value, is wiped after each frame.
   */
  private static final class FrameStream extends OutputStream {
    private final SocketChannel channel;
    private final byte kind;
    private final boolean sendOnFlush;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private int count;

    FrameStream(SocketChannel channel, byte kind, boolean sendOnFlush) {
      this.channel = channel;
      this.kind = kind;
      this.sendOnFlush = sendOnFlush;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      if (count == buffer.length) {
        send();
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (count == buffer.length) {
          send();
        }
        int n = Math.min(len, buffer.length - count);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      if (sendOnFlush) {
        send();
      }
    }

    /** Sends what is buffered, if anything. */
    synchronized void send() throws IOException {
      if (count == 0) {
        return;
      }
      byte[] piece = Arrays.copyOf(buffer, count);
      Arrays.fill(buffer, 0, count, (byte) 0);
      count = 0;
      Frame frame = new Frame(kind, List.of(piece));
      synchronized (channel) {
        try {
          AgentProtocol.write(channel, frame);
        } finally {
          frame.wipe();
        }
      }
    }

    @Override
    public synchronized void close() {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /**
   * The client's terminal as far as the agent can know it: whether its standard output and error
   * are terminals. Standard input is never one here (the client read it already), so the
   * command asks nothing.
   */
  private record ClientTerminal(boolean stdoutTerminal, boolean stderrTerminal, OutputStream err)
      implements Terminal {
    @Override
    public boolean stdinIsTerminal() {
      return false;
    }

    @Override
    public boolean stderrIsTerminal() {
      return stderrTerminal;
    }

    @Override
    public boolean stdoutIsTerminal() {
      return stdoutTerminal;
    }

    @Override
    public char[] readSecret(String prompt) {
      return new char[0];
    }

    @Override
    public void tell(String line) {
      try {
        err.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
        err.flush();
      } catch (IOException e) {
        // the client went away; the command's own output will fail the same way
      }
    }
  }
}
