package dev.sectools.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@link CacheGetBenchmark} cases timed <em>interleaved</em>: one call of each case in turn,
 * round after round, in one JVM on the benchmark's own state, then the median of each. JMH runs
 * the cases one after another, so on a shared machine each meets a different load and their
 * ratios mean little; here all cases share the same load, which is what the ratios need.
 *
 * <pre>{@code
 * ./run bench -l > /dev/null   # builds sectools-bench/target/benchmarks.jar
 * java --enable-native-access=ALL-UNNAMED -Xmx4g -cp sectools-bench/target/benchmarks.jar \
 *     dev.sectools.bench.CacheGetInterleaved 1048576 500 300    # size, rounds, warm-up rounds
 * }</pre>
 *
 * <p>It prints one line per case: the median in microseconds and its ratio to
 * {@code sha256InMemory} and to {@code unverifiedRead}.
 */
public final class CacheGetInterleaved {
  /** One case: a name and a call of the benchmark method. */
  record Case(String name, Call call) {}

  /** A call of one benchmark method. */
  @FunctionalInterface
  interface Call {
    Object run(CacheGetBenchmark bench) throws Exception;
  }

  static final List<Case> CASES = List.of(
      new Case("sha256InMemory", CacheGetBenchmark::sha256InMemory),
      new Case("unverifiedRead", CacheGetBenchmark::unverifiedRead),
      new Case("verifiedGet", CacheGetBenchmark::verifiedGet),
      new Case("verifiedGetToChannel", CacheGetBenchmark::verifiedGetToChannel),
      new Case("encryptedGet", CacheGetBenchmark::encryptedGet),
      new Case("encryptedStream", CacheGetBenchmark::encryptedStream),
      new Case("signedGet", CacheGetBenchmark::signedGet),
      new Case("signedStream", CacheGetBenchmark::signedStream),
      new Case("memoryGet", CacheGetBenchmark::memoryGet));

  private CacheGetInterleaved() {}

  /**
   * Runs the cases.
   *
   * @param args entry size in bytes, measured rounds, warm-up rounds
   * @throws Exception if a case fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: CacheGetInterleaved SIZE_BYTES ROUNDS WARMUP_ROUNDS");
      System.exit(2);
    }
    long[] medians = run(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    print(System.out, Integer.parseInt(args[0]), medians);
  }

  /** The median nanoseconds of each of {@link #CASES}, in order. */
  static long[] run(int sizeBytes, int rounds, int warmupRounds) throws Exception {
    CacheGetBenchmark bench = new CacheGetBenchmark();
    bench.sizeBytes = sizeBytes;
    bench.setUp();
    try {
      long[][] nanos = new long[CASES.size()][rounds];
      for (int round = -warmupRounds; round < rounds; round++) {
        for (int i = 0; i < CASES.size(); i++) {
          int c = Math.floorMod(i + round, CASES.size()); // a different case goes first each round
          long start = System.nanoTime();
          CASES.get(c).call().run(bench);
          long took = System.nanoTime() - start;
          if (round >= 0) {
            nanos[c][round] = took;
          }
        }
      }
      long[] medians = new long[CASES.size()];
      for (int c = 0; c < medians.length; c++) {
        Arrays.sort(nanos[c]);
        medians[c] = nanos[c][rounds / 2];
      }
      return medians;
    } finally {
      bench.tearDown();
    }
  }

  private static void print(PrintStream out, int sizeBytes, long[] medians) {
    out.printf(Locale.ROOT, "%-21s %14s %10s %14s%n", "case (" + sizeBytes + " B)", "median µs", "÷ SHA-256",
        "÷ unverified");
    for (int c = 0; c < medians.length; c++) {
      out.printf(Locale.ROOT, "%-21s %14.1f %10.2f %14.2f%n", CASES.get(c).name(), medians[c] / 1000.0,
          (double) medians[c] / medians[0], (double) medians[c] / medians[1]);
    }
  }
}
