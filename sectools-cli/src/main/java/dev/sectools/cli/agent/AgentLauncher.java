package dev.sectools.cli.agent;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Sectools;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.temp.SecureTemp;
import java.io.File;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the agent as a background process: the same {@code java}, JVM options and class path
 * as this process, running {@code agent start --foreground} in a new session ({@code setsid}) with
 * standard input from {@code /dev/null} and its output appended to the {@code 0600} log next to
 * the socket; then waits until it answers.
 */
final class AgentLauncher {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private AgentLauncher() {}

  /** Starts the agent and prints the variables for {@code eval}; returns the exit code. */
  static int start(AgentLocation location, Duration idle, CliEnvironment env, boolean quiet)
      throws IOException, InterruptedException {
    AgentClient client = AgentClient.at(location);
    if (client.tryCall(Frame.of(AgentProtocol.STATUS)).isPresent()) {
      throw new CliException(ExitCode.CONFLICT, "an agent is already running at " + location.socket()
          + "; see 'sectools agent status', or stop it with 'sectools agent stop'");
    }
    SecureTemp.ensurePrivateDirectory(location.directory());
    Path logFile = privateLog(location.logFile());
    ProcessBuilder pb = new ProcessBuilder(command(idle));
    pb.environment().keySet().removeIf(k -> k.equals("SECTOOLS_PASSPHRASE"));
    pb.environment().put(AgentLocation.SOCKET_VARIABLE, location.socket().toString());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .redirectErrorStream(true);
    Process agent = pb.start();
    long pid = awaitListening(client, agent, logFile);
    env.outWriter().println(AgentLocation.SOCKET_VARIABLE + "=" + shellQuote(location.socket().toString())
        + "; export " + AgentLocation.SOCKET_VARIABLE + ";");
    env.outWriter().println(AgentLocation.PID_VARIABLE + "=" + pid + "; export " + AgentLocation.PID_VARIABLE + ";");
    if (!quiet) {
      env.errWriter().println("sectools: agent started (pid " + pid + ", locks after " + idle + " idle)");
    }
    return 0;
  }

  private static long awaitListening(AgentClient client, Process agent, Path logFile)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Frame> status = client.tryCall(Frame.of(AgentProtocol.STATUS));
      if (status.isPresent()) {
        return AgentStatusCommand.fields(status.get()).stream().filter(l -> l.startsWith("pid="))
            .map(l -> Long.parseLong(l.substring(4))).findFirst().orElse(agent.pid());
      }
      if (!agent.isAlive()) {
        throw new CliException(ExitCode.INTERNAL, "the agent did not start (exit code " + agent.exitValue()
            + "); see " + logFile);
      }
      Thread.sleep(20);
    }
    agent.destroy();
    throw new CliException(ExitCode.INTERNAL, "the agent did not answer within " + START_TIMEOUT
        + "; see " + logFile);
  }

  private static Path privateLog(Path log) throws IOException {
    try {
      Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
    }
    return log;
  }

  /** This JVM's command with its options, running {@code agent start --foreground}. */
  static List<String> command(Duration idle) {
    ProcessHandle.Info self = ProcessHandle.current().info();
    String java = self.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      cmd.add("/usr/bin/setsid"); // a session of its own: closing the terminal does not end it
    }
    cmd.add(java);
    cmd.addAll(jvmOptions(self.arguments().orElse(new String[0])));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Sectools.class.getName(),
        "agent", "start", "--foreground", "--idle-timeout", idle.toMillis() + "ms"));
    return cmd;
  }

  /** The JVM options among {@code args} (up to the main class), without the class path and AOT training. */
  static List<String> jvmOptions(String[] args) {
    List<String> options = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
        i++;
      } else if (!a.startsWith("-")) {
        break; // the main class
      } else if (!a.startsWith("-XX:AOTCacheOutput") && !a.startsWith("-XX:AOTMode")) {
        options.add(a);
      }
    }
    return options;
  }

  private static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
