package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database server stopped and started again while clients write: they get
 * {@link StoreUnavailableException} (never a hang, never another kind of error), recover on
 * their own once it is back, and no write they saw succeed is lost.
 */
class PostgresRestartTest {
  private static final int CLIENTS = 4;
  private static final String COUNTER = "app/counter";

  @TempDir Path tmp;

  @Test
  void put_serverRestartedMidRun_clientsSeeUnavailableThenRecoverAndLoseNoAcknowledgedWrite() throws Exception {
    try (PostgresServer server = PostgresServer.startKeeping(tmp.resolve("pgdata"))) {
      DatabaseConfig db = DatabaseConfig.postgres(server.newSchemaUrl()).connectionTimeout(Duration.ofSeconds(1))
          .build();
      List<SecretStore> stores = new ArrayList<>();
      stores.add(SecretStore.create(client(0, db)));
      stores.getFirst().put(COUNTER, utf8("0"), 0);
      for (int c = 1; c < CLIENTS; c++) {
        stores.add(SecretStore.open(client(c, db)));
      }
      AtomicLong acknowledged = new AtomicLong();
      AtomicLong unavailable = new AtomicLong();
      AtomicBoolean restarted = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> clients = new ArrayList<>();
        for (SecretStore store : stores) {
          clients.add(pool.submit(() -> {
            // Runs until the server came back and this client wrote 20 more times.
            for (int afterRestart = 0; afterRestart < 20; ) {
              try {
                long version = store.versions(COUNTER).getLast().version();
                long value = Long.parseLong(read(store, COUNTER));
                store.put(COUNTER, Long.toString(value + 1).getBytes(StandardCharsets.UTF_8), version);
                acknowledged.incrementAndGet();
                afterRestart += restarted.get() ? 1 : 0;
              } catch (VersionConflictException e) {
                // Another client won the race: read again.
              } catch (StoreUnavailableException e) {
                unavailable.incrementAndGet();
              }
            }
            return null;
          }));
        }
        waitFor(() -> acknowledged.get() >= 40);
        server.stop();
        waitFor(() -> unavailable.get() >= CLIENTS);
        server.restart();
        restarted.set(true);
        for (Future<?> client : clients) {
          client.get(3, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
        for (SecretStore store : stores) {
          store.close();
        }
      }
      try (SecretStore store = SecretStore.open(SqliteStoreBackendTest.builder(tmp.resolve("check")).database(db)
          .build())) {
        long value = Long.parseLong(read(store, COUNTER));
        assertThat(store.versions(COUNTER).getLast().version()).as("one version per increment").isEqualTo(value + 1);
        // A write cut off while committing may have landed unacknowledged; none acknowledged may be missing.
        assertThat(value).isGreaterThanOrEqualTo(acknowledged.get());
        assertThat(value).isLessThanOrEqualTo(acknowledged.get() + unavailable.get());
      }
      assertThat(unavailable.get()).isGreaterThanOrEqualTo(CLIENTS);
    }
  }

  private StoreConfig client(int n, DatabaseConfig db) {
    return SqliteStoreBackendTest.builder(tmp.resolve("client-" + n)).database(db).build();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 2 minutes");
      }
      Thread.sleep(10); // polling a condition, not timing the test
    }
  }

}
