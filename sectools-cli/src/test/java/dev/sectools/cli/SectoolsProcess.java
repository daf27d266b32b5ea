package dev.sectools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts {@code sectools} as a real JVM process, the way the launcher does. */
public final class SectoolsProcess {
  private SectoolsProcess() {}

  /** A process builder for {@code sectools args…} with {@code variables} added to the environment. */
  public static ProcessBuilder builder(Map<String, String> variables, String... args) {
    return builder(Sectools.class.getName(), List.of(), variables, args);
  }

  /**
   * A process builder for the main class {@code mainClass} (the launcher's fast entry point, for
   * example) with extra JVM options {@code jvmOptions}.
   */
  public static ProcessBuilder builder(String mainClass, List<String> jvmOptions, Map<String, String> variables,
      String... args) {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-Xshare:auto"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("SECTOOLS_") || k.startsWith("XDG_"));
    pb.environment().putAll(variables);
    return pb;
  }

  /** Starts {@code sectools args…}. */
  public static Process start(Map<String, String> variables, String... args) throws IOException {
    return builder(variables, args).start();
  }
}
