package dev.sectools.cli.agent;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.Sectools;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.cli.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;

/**
 * The launcher's entry point: {@code sectools secrets get PATH} served by a running agent without
 * loading picocli, Tink or SQLite (a JVM start and one round trip on a Unix socket); every other
 * command line, and a {@code get} the agent cannot answer (no agent, store not unlocked in it),
 * goes to the full command line, {@link Sectools#main}.
 *
 * <p>Recognised here: {@code [-q] secrets get PATH [--store DIR] [--version N] [--json]}, with
 * the store chosen as {@code secrets get} chooses it ({@code --store}, {@code SECTOOLS_STORE}, the
 * config file's {@code store=}, the XDG default). Anything else, including options it does not
 * know, falls back, so the full command line stays the one place for errors and help.
 */
public final class AgentClientMain {
  /** Config file keys that leave {@code get} through the agent unchanged. */
  private static final Set<String> HARMLESS_KEYS = Set.of("store", "passphrase-file", "busy-timeout",
      "root", "verbose", "quiet", "mask", "idle-timeout");

  private AgentClientMain() {}

  /** Runs {@code sectools args…}: through the agent when it can answer, else the full command line. */
  public static void main(String[] args) {
    OptionalInt fast = tryAgent(args, System.getenv(), System.out, System.err);
    if (fast.isPresent()) {
      System.exit(fast.getAsInt());
    }
    Sectools.main(args);
  }

  /**
   * Answers {@code args} through the agent if it is a {@code secrets get} the agent can serve.
   *
   * @return the exit code, or empty if the full command line must run instead
   */
  public static OptionalInt tryAgent(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Optional<GetRequest> request = GetRequest.parse(args);
    if (request.isEmpty()) {
      return OptionalInt.empty();
    }
    AgentClient client = AgentClient.at(AgentLocation.from(env));
    if (!client.socketExists()) {
      return OptionalInt.empty();
    }
    try {
      Optional<Path> store = storeDirectory(request.get().store(), env, Path.of("").toAbsolutePath());
      if (store.isEmpty()) {
        return OptionalInt.empty();
      }
      Optional<Frame> reply = client.tryCall(Frame.of(AgentProtocol.GET, store.get().toString(),
          request.get().path(), Long.toString(request.get().version())));
      if (reply.isEmpty() || reply.get().kind() == AgentProtocol.NOT_UNLOCKED) {
        return OptionalInt.empty();
      }
      return OptionalInt.of(print(reply.get(), request.get(), out, err));
    } catch (IOException | RuntimeException e) {
      return OptionalInt.empty(); // the full command line tries again and reports what it finds
    }
  }

  private static int print(Frame reply, GetRequest request, PrintStream out, PrintStream err) throws IOException {
    try {
      if (reply.kind() != AgentProtocol.OK) {
        err.println("sectools: " + reply.text(0));
        err.flush();
        return reply.kind();
      }
      byte[] bytes = output(reply, request);
      write(out, bytes);
      Arrays.fill(bytes, (byte) 0);
      if (out.checkError()) { // a PrintStream never throws: a closed pipe or a full disk shows only here
        err.println("sectools: " + CliEnvironment.OUTPUT_LOST);
        err.flush();
        return 1;
      }
      return 0;
    } finally {
      reply.wipe();
    }
  }

  /**
   * What {@code secrets get} prints for the agent's OK reply to GET: the raw value, or the JSON
   * of {@code --json} with a newline. A fresh array: wipe it when written.
   */
  static byte[] output(Frame reply, GetRequest request) {
    byte[] value = reply.field(1);
    if (!request.json()) {
      return value.clone();
    }
    return (json(request.path(), Long.parseLong(reply.text(0)), value) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void write(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /**
   * The JSON {@code secrets get --json} prints for a value the agent returned:
   * {@code {"path","version","value"}}, or {@code "value_base64"} for a value that is not UTF-8.
   *
   * <p><b>Warning:</b> the result holds the value in a {@code String}, which cannot be wiped.
   */
  public static String json(String path, long version, byte[] value) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("path", path);
    result.put("version", version);
    try {
      result.put("value", StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value)).toString());
    } catch (CharacterCodingException e) {
      result.put("value_base64", Base64.getEncoder().encodeToString(value));
    }
    return Json.of(result);
  }

  /**
   * The store {@code secrets get} would open, or empty when only the full command line can tell
   * (PostgreSQL, a config file with keys this class does not know, no HOME). Relative paths are
   * resolved against {@code cwd}, the caller's working directory.
   */
  static Optional<Path> storeDirectory(String option, Map<String, String> env, Path cwd) throws IOException {
    if (option != null) {
      return Optional.of(cwd.resolve(option).normalize());
    }
    if (nonEmpty(env.get("SECTOOLS_DB_URL"))) {
      return Optional.empty();
    }
    Optional<Properties> config = config(env, cwd);
    if (config.isEmpty()) {
      return Optional.empty();
    }
    String store = nonEmpty(env.get("SECTOOLS_STORE")) ? env.get("SECTOOLS_STORE")
        : config.get().getProperty("store");
    if (store != null) {
      return Optional.of(cwd.resolve(store).normalize());
    }
    Optional<Path> data = Optional.ofNullable(env.get("XDG_DATA_HOME")).filter(AgentClientMain::nonEmpty)
        .map(Path::of).or(() -> home(env).map(h -> h.resolve(".local").resolve("share")));
    return data.map(d -> cwd.resolve(d.resolve("sectools").resolve("default")).normalize());
  }

  /** The config file's properties (empty properties if there is none), or empty to fall back. */
  private static Optional<Properties> config(Map<String, String> env, Path cwd) throws IOException {
    Properties props = new Properties();
    Path file;
    if (nonEmpty(env.get("SECTOOLS_CONFIG"))) {
      file = cwd.resolve(env.get("SECTOOLS_CONFIG"));
    } else {
      Optional<Path> base = Optional.ofNullable(env.get("XDG_CONFIG_HOME")).filter(AgentClientMain::nonEmpty)
          .map(Path::of).or(() -> home(env).map(h -> h.resolve(".config")));
      if (base.isEmpty()) {
        return Optional.of(props);
      }
      file = base.get().resolve("sectools").resolve("config");
    }
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (NoSuchFileException e) {
      return nonEmpty(env.get("SECTOOLS_CONFIG")) ? Optional.empty() : Optional.of(props);
    }
    boolean known = HARMLESS_KEYS.containsAll(props.stringPropertyNames());
    return known ? Optional.of(props) : Optional.empty();
  }

  private static Optional<Path> home(Map<String, String> env) {
    return Optional.ofNullable(env.get("HOME")).filter(AgentClientMain::nonEmpty).map(Path::of);
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  /**
   * A {@code secrets get} command line the fast path can serve.
   *
   * @param path the secret's path
   * @param store {@code --store}, or {@code null}
   * @param version {@code --version}, or 0 for the current one
   * @param json whether {@code --json} was given
   */
  record GetRequest(String path, String store, long version, boolean json) {
    /** Parses {@code args}; empty if they are anything but a plain {@code secrets get}. */
    static Optional<GetRequest> parse(String[] args) {
      int i = 0;
      while (i < args.length && (args[i].equals("-q") || args[i].equals("--quiet"))) {
        i++;
      }
      if (args.length < i + 3 || !args[i].equals("secrets") || !args[i + 1].equals("get")) {
        return Optional.empty();
      }
      String path = null;
      String store = null;
      long version = 0;
      boolean json = false;
      for (i += 2; i < args.length; i++) {
        String a = args[i];
        String next = i + 1 < args.length ? args[i + 1] : null;
        if (a.equals("--json")) {
          json = true;
        } else if (a.equals("-q") || a.equals("--quiet")) {
          continue;
        } else if (a.equals("--store") && next != null) {
          store = next;
          i++;
        } else if (a.startsWith("--store=")) {
          store = a.substring("--store=".length());
        } else if (a.equals("--version") && next != null && next.matches("[1-9][0-9]{0,17}")) {
          version = Long.parseLong(next);
          i++;
        } else if (!a.startsWith("-") && path == null) {
          path = a;
        } else {
          return Optional.empty();
        }
      }
      return path == null || store != null && store.isEmpty() ? Optional.empty()
          : Optional.of(new GetRequest(path, store, version, json));
    }
  }
}
