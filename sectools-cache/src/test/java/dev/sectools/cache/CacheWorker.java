package dev.sectools.cache;

import java.nio.file.Path;

/**
 * A child process for {@link CacheConcurrencyTest}: opens the persistent cache at {@code args[0]}
 * and runs {@code args[2]} rounds of put-then-get over {@code args[1]} keys, each key always
 * holding the same content. Prints {@code done <gets> <wrong>}; exits 0 unless something failed.
 */
public final class CacheWorker {
  private CacheWorker() {}

  /** {@code args}: cache directory, number of keys, rounds, seed. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int keys = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    long seed = Long.parseLong(args[3]);
    try (VerifiedCache cache = TestCaches.open(TestCaches.persistent(dir))) {
      long[] result = work(cache, keys, rounds, seed);
      System.out.println("done " + result[0] + " " + result[1]);
    }
  }

  /** The content of key {@code k}: the same in every process. */
  static byte[] content(int k) {
    return TestCaches.bytes(20_000 + 37 * k, k);
  }

  /** Runs the rounds; returns {gets that returned content, wrong answers}. */
  static long[] work(VerifiedCache cache, int keys, int rounds, long seed) throws Exception {
    java.util.Random random = new java.util.Random(seed);
    long gets = 0;
    long wrong = 0;
    for (int r = 0; r < rounds; r++) {
      int k = random.nextInt(keys);
      byte[] data = content(k);
      Sha256 sha = Sha256.of(data);
      if (random.nextBoolean()) {
        TestCaches.put(cache, "key-" + k, data);
      }
      try (VerifiedEntry e = cache.get(TestCaches.NS, "key-" + k, sha)) {
        gets++;
        if (!java.util.Arrays.equals(e.readAllBytes(), data)) {
          wrong++;
        }
      } catch (CacheMissException miss) {
        // not put yet by anyone: fine
      }
    }
    return new long[] {gets, wrong};
  }
}
