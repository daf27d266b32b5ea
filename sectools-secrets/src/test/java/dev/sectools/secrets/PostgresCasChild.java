package dev.sectools.secrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A child process for {@link PostgresFaultTest}: opens {@code clients} stores on one PostgreSQL
 * database (each with a pool and directory of its own, as separate hosts would) and has each add
 * 1 to every counter {@code increments} times with check-and-set, in a thread of its own. Prints
 * {@code done <retries>}.
 */
public final class PostgresCasChild {
  private PostgresCasChild() {}

  /** {@code args}: database URL, local directory, clients, increments, counter paths… */
  public static void main(String[] args) throws Exception {
    DatabaseConfig db = DatabaseConfig.postgres(args[0]).build();
    Path local = Path.of(args[1]);
    int clients = Integer.parseInt(args[2]);
    int increments = Integer.parseInt(args[3]);
    List<String> counters = List.of(args).subList(4, args.length);
    List<SecretStore> stores = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    int retries = 0;
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        SecretStore store = SecretStore.open(SqliteStoreBackendTest.builder(local.resolve("client-" + c))
            .database(db).build());
        stores.add(store);
        done.add(pool.submit(() -> {
          int r = 0;
          for (int i = 0; i < increments; i++) {
            for (String counter : counters) {
              r += CasIncrementer.increment(store, counter, 1);
            }
          }
          return r;
        }));
      }
      for (Future<Integer> f : done) {
        retries += f.get();
      }
    } finally {
      pool.shutdownNow();
      for (SecretStore store : stores) {
        store.close();
      }
    }
    System.out.println("done " + retries);
  }
}
