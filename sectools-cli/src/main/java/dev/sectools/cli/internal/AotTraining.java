package dev.sectools.cli.internal;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.Sectools;
import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The training run for the JDK AOT cache ({@code -XX:AOTCacheOutput}): runs the common commands
 * ({@code --version}, {@code --help}, {@code secrets init|set|get|list|status}) on a throw-away
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
      if (failed != 0) {
        System.err.println("sectools AOT training: " + failed + " command(s) failed");
        System.exit(1);
      }
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
