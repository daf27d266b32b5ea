package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients and a starved pool against one real PostgreSQL server. */
class PostgresFaultTest {
  private static final int PROCESSES = 2;
  private static final int CLIENTS_PER_PROCESS = 4;
  private static final int INCREMENTS = 30;
  private static final List<String> COUNTERS = List.of("app/counter-a", "app/counter-b");

  private static PostgresServer server;

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws IOException {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() throws IOException {
    server.close();
  }

  @Test
  void put_checkAndSetFromEightClientsInTwoProcesses_countsExactly() throws Exception {
    String url = server.newSchemaUrl();
    try (SecretStore store = SecretStore.create(SqliteStoreBackendTest.builder(tmp.resolve("parent"))
        .database(DatabaseConfig.postgres(url).build()).build())) {
      for (String counter : COUNTERS) {
        store.put(counter, utf8("0"), 0);
      }
      List<Process> children = new ArrayList<>();
      for (int p = 0; p < PROCESSES; p++) {
        children.add(startChild(url, tmp.resolve("process-" + p)));
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
      long expected = (long) PROCESSES * CLIENTS_PER_PROCESS * INCREMENTS;
      for (String counter : COUNTERS) {
        assertThat(read(store, counter)).isEqualTo(Long.toString(expected));
        assertThat(store.versions(counter).getLast().version()).isEqualTo(expected + 1);
      }
      System.out.printf("%d processes x %d clients x %d increments x %d counters: %d check-and-set retries%n",
          PROCESSES, CLIENTS_PER_PROCESS, INCREMENTS, COUNTERS.size(), retries);
    }
  }

  @Test
  void get_poolExhausted_failsBusyAfterTheTimeoutInsteadOfHanging() throws Exception {
    DatabaseConfig db = DatabaseConfig.postgres(server.newSchemaUrl()).poolSize(1)
        .connectionTimeout(Duration.ofMillis(500)).build();
    try (SecretStore store = SecretStore.create(SqliteStoreBackendTest.builder(tmp.resolve("host"))
        .database(db).build())) {
      store.put("app/key", utf8("v"));
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      // A backup holds the pool's only connection while it writes to a stream that blocks.
      CompletableFuture<BackupSummary> backup = CompletableFuture.supplyAsync(() -> {
        try {
          return store.backup(new BlockingStream(holding, release), BackupOptions.defaults());
        } catch (IOException | java.security.GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      });
      try {
        assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
          assertThatThrownBy(() -> read(store, "app/key")).isInstanceOf(StoreBusyException.class)
              .hasMessageContaining("no database connection became free within 500 ms");
        });
      } finally {
        release.countDown();
      }
      assertThat(backup.get(1, TimeUnit.MINUTES).secrets()).isEqualTo(1);
      assertThat(read(store, "app/key")).isEqualTo("v"); // the connection is back
    }
  }

  private static Process startChild(String url, Path local) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), PostgresCasChild.class.getName(), url, local.toString(),
        Integer.toString(CLIENTS_PER_PROCESS), Integer.toString(INCREMENTS)));
    command.addAll(COUNTERS);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Signals at its first write, then blocks until released. */
  private static final class BlockingStream extends OutputStream {
    private final CountDownLatch holding;
    private final CountDownLatch release;

    BlockingStream(CountDownLatch holding, CountDownLatch release) {
      this.holding = holding;
      this.release = release;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      holding.countDown();
      try {
        if (!release.await(2, TimeUnit.MINUTES)) {
          throw new IOException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }
}
