package dev.sectools.cli.internal;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.Sectools;
import dev.sectools.cli.agent.AgentClientMain;
import dev.sectools.cli.agent.AgentLocation;
import dev.sectools.cli.agent.AgentServer;
import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run for the JDK AOT cache ({@code -XX:AOTCacheOutput}): runs the common commands
 * ({@code --version}, {@code --help}, {@code secrets init|set|get|list|status}, and {@code get}
 * through an agent by the fast entry point and the full command line) on a throw-away
 * store in a private temp directory, so that the classes they load are in the cache. Not part of
 * the command line; {@code bin/sectools} runs it once after a build.
 */
public final class AotTraining {
  private AotTraining() {}

  /** Runs the training commands; exits non-zero if one of them fails. */
  public static void main(String[] args) throws IOException {
    try (TempDirectory dir = SecureTemp.createDirectory("sectools-aot-")) {
      dir.root().write("passphrase", "aot training passphrase".getBytes(StandardCharsets.UTF_8));
      Map<String, String> vars = new HashMap<>(System.getenv());
      vars.keySet().removeIf(k -> k.startsWith("SECTOOLS_"));
      vars.put("SECTOOLS_STORE", dir.path().resolve("store").toString());
      vars.put("SECTOOLS_PASSPHRASE_FILE", dir.path().resolve("passphrase").toString());
      Path scratch = dir.path();
      int failed = 0;
      failed += run(vars, "", "--version");
      failed += run(vars, "", "--help");
      failed += run(vars, "", "secrets", "init", "--kdf", "minimum");
      failed += run(vars, "training-value", "secrets", "set", "aot/training");
      failed += run(vars, "", "secrets", "get", "aot/training");
      failed += run(vars, "", "secrets", "get", "aot/training", "--json");
      failed += run(vars, "", "secrets", "list", "-r", "-l");
      failed += run(vars, "", "secrets", "status");
      failed += run(vars, "", "secrets", "get", "aot/missing") == 0 ? 1 : 0;
      failed += run(vars, "", "temp", "dir", "--base", scratch.toString());
      failed += throughAgent(vars, scratch);
      if (failed != 0) {
        System.err.println("sectools AOT training: " + failed + " command(s) failed");
        System.exit(1);
      }
    }
  }

  /**
   * An agent in this process on a socket in the scratch directory, and {@code secrets get} through
   * it by the fast entry point and by the full command line, so that both sides are in the cache.
   */
  private static int throughAgent(Map<String, String> vars, Path scratch) throws IOException {
    Map<String, String> agentVars = new HashMap<>(vars);
    agentVars.put(AgentLocation.SOCKET_VARIABLE, scratch.resolve("agent").resolve("agent.sock").toString());
    AgentLocation location = AgentLocation.from(agentVars);
    PrintWriter log = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try (AgentServer server = AgentServer.bind(location, Duration.ofMinutes(1), log)) {
      Thread serving = Thread.ofPlatform().daemon().start(server::serve);
      int failed = run(agentVars, "", "secrets", "get", "aot/training"); // unlocks the store in the agent
      PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
      for (String[] args : List.of(new String[] {"secrets", "get", "aot/training"},
          new String[] {"secrets", "get", "aot/training", "--json"})) {
        failed += AgentClientMain.tryAgent(args, agentVars, discard, discard).orElse(1) == 0 ? 0 : 1;
      }
      failed += run(agentVars, "", "agent", "status");
      failed += run(agentVars, "", "agent", "lock");
      failed += run(agentVars, "", "agent", "stop");
      serving.interrupt();
      return failed;
    }
  }

  private static int run(Map<String, String> vars, String stdin, String... args) {
    CliEnvironment env = CliEnvironment.builder().variables(vars)
        .streams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            OutputStream.nullOutputStream(), OutputStream.nullOutputStream())
        .build();
    return Sectools.run(env, args) == 0 ? 0 : 1;
  }
}
