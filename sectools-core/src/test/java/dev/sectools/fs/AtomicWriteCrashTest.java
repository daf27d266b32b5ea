package dev.sectools.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash safety with real processes: a child JVM rewrites a file in a loop and is killed with
 * SIGKILL at a random moment, over and over. After every kill the file holds one complete
 * generation; temporary names left in the microseconds between link and rename are removed by
 * the next writer, so after the last write nothing but the file remains.
 */
class AtomicWriteCrashTest {
  private static final int KILLS = 50; // per resolution mode: 100 in all

  @TempDir Path dir;

  static Resolution[] modes() {
    return TestRoots.confining();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_childKilledMidWrite_fileAlwaysCompleteAndNoTempFilesRemain(Resolution mode) throws Exception {
    SecureRandom random = new SecureRandom();
    long gen = 1;
    int staleTemps = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Process child = startWriter(mode, gen);
      awaitReady(child);
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(50_000)));
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      byte[] data = Files.readAllBytes(dir.resolve("f"));
      long found = CrashWriter.check(data);
      assertThat(found).as("kill %d left a torn file", kill).isGreaterThanOrEqualTo(gen);
      gen = found + 1;
      List<String> names = TestRoots.tree(dir);
      assertThat(names).isSubsetOf("f", ".f.sectools-tmp");
      staleTemps += names.size() - 1;
    }
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.write("f", CrashWriter.content(gen));
    }
    assertThat(TestRoots.tree(dir)).containsExactly("f");
    System.out.printf("%s: %d kills, %d left a temporary name for the next writer%n", mode, KILLS, staleTemps);
  }

  private Process startWriter(Resolution mode, long gen) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), dir.toString(), mode.name(), Long.toString(gen)));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static void awaitReady(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("child writer started").isEqualTo("ready");
  }
}
