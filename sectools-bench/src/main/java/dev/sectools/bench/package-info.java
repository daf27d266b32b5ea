/**
 * JMH benchmarks for sectools, each measured side by side with the JDK call or hand-written code
 * a caller would otherwise use, so every figure comes with the ratio that matters.
 *
 * <p>One class per topic: {@link dev.sectools.bench.ConfinedReadBenchmark} (whole-file reads),
 * {@link dev.sectools.bench.AtomicWriteBenchmark} (atomic durable writes) and
 * {@link dev.sectools.bench.ResolutionBenchmark} ({@code openat2} against the descriptor walk).
 * Files live in a fresh directory under {@code java.io.tmpdir} (or the {@code sectools.bench.dir}
 * system property) created for each trial and removed after it. Run with {@code ./run bench} or
 * {@code scripts/bench.sh}; see {@code docs/benchmarks.md}.
 */
package dev.sectools.bench;
