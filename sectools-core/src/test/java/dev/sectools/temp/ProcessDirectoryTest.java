package dev.sectools.temp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real child JVMs: the process directory is gone after every way a JVM ends on its own, and
 * permissions are exact whatever umask the process was started with.
 */
class ProcessDirectoryTest {
  @TempDir Path tmp;

  private record Result(int exit, String out) {}

  private Process startChild(String umask, String mode) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + "; exec \"$0\" \"$@\"",
        java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        TempChild.class.getName(), mode));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private Result runChild(String umask, String mode) throws IOException, InterruptedException {
    Process p = startChild(umask, mode);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private void assertProcessDirectoryRemoved(Result r) throws IOException {
    assertThat(r.out()).startsWith("dir=" + tmp.resolve("sectools-process-"));
    Path dir = Path.of(r.out().lines().findFirst().orElseThrow().substring(4));
    assertThat(dir).doesNotExist();
    try (var s = Files.list(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("sectools-process-"))).isEmpty();
    }
  }

  @Test
  void processDirectory_mainReturns_removedAtExit() throws Exception {
    Result r = runChild("022", "exit");
    assertThat(r.exit()).isZero();
    assertProcessDirectoryRemoved(r);
  }

  @Test
  void processDirectory_uncaughtExceptionInMain_removedAtExit() throws Exception {
    Result r = runChild("022", "throw");
    assertThat(r.exit()).isEqualTo(1);
    assertProcessDirectoryRemoved(r);
  }

  @Test
  void processDirectory_systemExit_removedAtExit() throws Exception {
    Result r = runChild("022", "system-exit");
    assertThat(r.exit()).isEqualTo(3);
    assertProcessDirectoryRemoved(r);
  }

  /** Starts a child that waits, and returns the process directory it reports. */
  private Path waitingChild(Process child) throws IOException {
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8)).readLine();
    assertThat(line).startsWith("dir=");
    Path dir = Path.of(line.substring(4));
    assertThat(dir.resolve("cache/ab/entry")).exists();
    return dir;
  }

  @Test
  void processDirectory_sigterm_removedByShutdownHook() throws Exception {
    Process child = startChild("022", "wait");
    Path dir = waitingChild(child);
    child.destroy(); // SIGTERM
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(143);
    assertThat(dir).doesNotExist();
  }

  @Test
  void processDirectory_sigkill_leftBehindAsDocumented() throws Exception {
    Process child = startChild("022", "wait");
    Path dir = waitingChild(child);
    child.destroyForcibly(); // SIGKILL: no shutdown hook can run
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(dir).isDirectory();
    assertThat(TempTesting.mode(dir)).isEqualTo(0700); // left behind, but still private
  }

  @ParameterizedTest
  @ValueSource(strings = {"000", "077", "022", "277"})
  void create_anyUmask_permissionsExact(String umask) throws Exception {
    Result r = runChild(umask, "modes");
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).isEqualTo(
        "file=0600 dir=0700 inner=0600 process=0700 ensured=0700 ensuredParent=0700");
    assertProcessDirectoryRemoved(r);
  }
}
