package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes writing one store at once: check-and-set loses no update. */
class SecretStoreConcurrencyTest {
  private static final int PROCESSES = 4;
  private static final int INCREMENTS = 250;

  @TempDir Path tmp;

  @Test
  void put_checkAndSetFromFourProcesses_countsExactly() throws Exception {
    Path dir = tmp.resolve("store");
    try (SecretStore store = TestStores.create(dir)) {
      store.put("app/counter", utf8("0"), 0);
    }
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      children.add(start(dir));
    }
    int retries = 0;
    for (Process child : children) {
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
      String out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
          .readLine();
      assertThat(child.exitValue()).as("child exit status").isZero();
      assertThat(out).startsWith("done ");
      retries += Integer.parseInt(out.substring(5));
    }
    try (SecretStore store = TestStores.open(dir)) {
      assertThat(read(store, "app/counter")).isEqualTo(Integer.toString(PROCESSES * INCREMENTS));
      assertThat(store.versions("app/counter").getLast().version()).isEqualTo(PROCESSES * INCREMENTS + 1L);
    }
    System.out.printf("%d processes x %d increments: %d check-and-set retries%n", PROCESSES, INCREMENTS, retries);
  }

  @Test
  void get_afterPutByAnotherProcess_seesTheNewValue() throws Exception {
    Path dir = tmp.resolve("store");
    try (SecretStore store = TestStores.create(dir)) {
      store.put("app/counter", utf8("0"), 0);
      for (int i = 1; i <= 3; i++) {
        assertThat(read(store, "app/counter")).isEqualTo(Integer.toString(i - 1)); // read, so kept for reuse
        Process child = start(dir, 1);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
        assertThat(child.exitValue()).as("child exit status").isZero();
        assertThat(read(store, "app/counter")).isEqualTo(Integer.toString(i));
      }
    }
  }

  private static Process start(Path dir) throws Exception {
    return start(dir, INCREMENTS);
  }

  private static Process start(Path dir, int increments) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CasIncrementer.class.getName(), dir.toString(),
        "app/counter", Integer.toString(increments))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
