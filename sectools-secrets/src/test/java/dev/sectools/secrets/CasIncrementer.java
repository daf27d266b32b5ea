package dev.sectools.secrets;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link SecretStoreConcurrencyTest}: opens the store and adds 1 to the
 * counter secret {@code count} times with check-and-set, retrying on conflict. Prints
 * {@code done <retries>}.
 */
public final class CasIncrementer {
  private CasIncrementer() {}

  /** Adds 1 to the counter {@code count} times with check-and-set; returns how many conflicts it retried. */
  static int increment(SecretStore store, String path, int count) throws Exception {
    int retries = 0;
    for (int done = 0; done < count; ) {
      // The version first, then the current value: the value is never older than the version,
      // so a stale read (a cached row another process has replaced) would lose an update.
      long version = store.versions(path).getLast().version();
      long value = Long.parseLong(TestStores.read(store, path));
      try {
        store.put(path, Long.toString(value + 1).getBytes(StandardCharsets.UTF_8), version);
        done++;
      } catch (VersionConflictException e) {
        retries++;
      }
    }
    return retries;
  }

  /** {@code args}: store directory, counter path, number of increments. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String path = args[1];
    int count = Integer.parseInt(args[2]);
    int retries;
    try (SecretStore store = TestStores.open(dir)) {
      retries = increment(store, path, count);
    }
    System.out.println("done " + retries);
  }
}
