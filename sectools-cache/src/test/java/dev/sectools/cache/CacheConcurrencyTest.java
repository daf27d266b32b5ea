package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.persistent;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads, and two processes, putting and getting the same keys: no torn entry, no lost update. */
class CacheConcurrencyTest {
  private static final int KEYS = 12;
  private static final int ROUNDS = 400;

  @TempDir Path tmp;

  @Test
  void putGet_eightThreadsSameKeys_noTornEntriesNoWrongAnswers() throws Exception {
    for (CacheConfig.Builder config : List.of(persistent(tmp.resolve("files")),
        CacheConfig.builder().backend(CacheConfig.Backend.MEMORY).memoryStorage(CacheConfig.MemoryStorage.SECURE_BUFFER),
        persistent(tmp.resolve("encrypted")).encryption(CacheConfig.Encryption.AES256_GCM)
            .signing(CacheConfig.Signing.HMAC_SHA256))) {
      try (VerifiedCache cache = TestCaches.open(config)) {
        List<Callable<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          long seed = t;
          workers.add(() -> CacheWorker.work(cache, KEYS, ROUNDS, seed));
        }
        long gets = 0;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
          for (Future<long[]> f : pool.invokeAll(workers)) {
            long[] r = f.get();
            assertThat(r[1]).as("wrong answers").isZero();
            gets += r[0];
          }
        } finally {
          pool.shutdown();
        }
        assertThat(gets).isPositive();
        System.out.println("checking " + cache);
        assertAllKeysComplete(cache);
        assertThat(cache.stats().corruptions()).as("no torn entry was ever seen").isZero();
      }
    }
  }

  @Test
  void putGet_twoProcessesAndThisOneOnOneDirectory_noTornEntriesNoLostIndexUpdates() throws Exception {
    Path dir = tmp.resolve("shared");
    try (VerifiedCache init = TestCaches.open(persistent(dir))) {
      init.stats();
    }
    List<Process> children = List.of(start(dir, 1), start(dir, 2));
    long[] mine;
    try (VerifiedCache cache = TestCaches.open(persistent(dir))) {
      mine = CacheWorker.work(cache, KEYS, ROUNDS, 3);
    }
    assertThat(mine[1]).isZero();
    for (Process child : children) {
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).as("child finished").isTrue();
      String out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(child.exitValue()).as("child exit status").isZero();
      assertThat(out).startsWith("done ").endsWith(" 0");
    }
    try (VerifiedCache cache = TestCaches.open(persistent(dir))) {
      for (int k = 0; k < KEYS; k++) {
        TestCaches.put(cache, "final-" + k, CacheWorker.content(k));
      }
      assertAllKeysComplete(cache);
      for (int k = 0; k < KEYS; k++) {
        assertThat(get(cache, "final-" + k, Sha256.of(CacheWorker.content(k)))).isEqualTo(CacheWorker.content(k));
      }
      assertThat(cache.stats().corruptions()).isZero();
    }
  }

  /** Every key some worker put is present, complete and right. */
  private static void assertAllKeysComplete(VerifiedCache cache) throws Exception {
    for (int k = 0; k < KEYS; k++) {
      byte[] data = CacheWorker.content(k);
      try (VerifiedEntry e = cache.get(NS, "key-" + k, Sha256.of(data))) {
        assertThat(e.readAllBytes()).isEqualTo(data);
      }
    }
  }

  private static Process start(Path dir, long seed) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), CacheWorker.class.getName(),
        dir.toString(), Integer.toString(KEYS), Integer.toString(ROUNDS), Long.toString(seed))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

}
