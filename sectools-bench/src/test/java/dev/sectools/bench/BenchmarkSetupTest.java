package dev.sectools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.fs.ConfinementUnavailableException;
import dev.sectools.fs.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs each benchmark's setup, one call of each benchmark method and the teardown directly,
 * without JMH, so that a normal build proves the benchmarks measure working code. Timing is
 * JMH's business, never asserted here.
 */
class BenchmarkSetupTest {

  @ParameterizedTest
  @ValueSource(ints = {4096, 16 * 1024 * 1024})
  void confinedRead_eachSize_confinedAndJdkReturnSameBytes(int sizeBytes) throws IOException {
    ConfinedReadBenchmark bench = new ConfinedReadBenchmark();
    bench.sizeBytes = sizeBytes;
    bench.setUp();
    try {
      byte[] confined = bench.confined();
      assertThat(confined).hasSize(sizeBytes);
      assertThat(confined).isEqualTo(bench.jdk());
    } finally {
      bench.tearDown();
    }
  }

  @Test
  void atomicWrite_bothCases_replaceTargetWithDataAndLeaveNoTemporaryFile() throws IOException {
    AtomicWriteBenchmark bench = new AtomicWriteBenchmark();
    bench.setUp();
    Path dir = bench.scratchPath();
    try {
      bench.confined();
      bench.baseline();
      byte[] confined = Files.readAllBytes(dir.resolve(AtomicWriteBenchmark.CONFINED_NAME));
      byte[] baseline = Files.readAllBytes(dir.resolve(AtomicWriteBenchmark.BASELINE_NAME));
      assertThat(confined).hasSize(AtomicWriteBenchmark.SIZE_BYTES).isEqualTo(baseline);
      try (Stream<Path> names = Files.list(dir)) {
        assertThat(names.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(AtomicWriteBenchmark.CONFINED_NAME, AtomicWriteBenchmark.BASELINE_NAME);
      }
    } finally {
      bench.tearDown();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void secureTemp_bothCases_writeAllBytesAndLeaveNothingBehind() throws IOException {
    SecureTempBenchmark bench = new SecureTempBenchmark();
    bench.setUp();
    Path dir = bench.scratchPath();
    try {
      assertThat(bench.secureTemp()).isEqualTo(SecureTempBenchmark.SIZE_BYTES);
      assertThat(bench.jdk()).isEqualTo(SecureTempBenchmark.SIZE_BYTES);
      assertThat(bench.jdkNoTruncate()).isEqualTo(SecureTempBenchmark.SIZE_BYTES);
      try (Stream<Path> names = Files.list(dir)) {
        assertThat(names).isEmpty();
      }
    } finally {
      bench.tearDown();
    }
    assertThat(dir).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 4096})
  void secureBuffer_eachSize_bothCasesRun(int sizeBytes) {
    SecureBufferBenchmark bench = new SecureBufferBenchmark();
    bench.sizeBytes = sizeBytes;
    bench.setUp();
    assertThat(bench.secureBuffer()).isEqualTo(sizeBytes);
    assertThat(bench.heapArray()).hasSize(sizeBytes).containsOnly(SecureBufferBenchmark.FILL);
  }

  @Test
  void secureBufferRead_bothCases_readTheWholeFile() throws IOException {
    SecureBufferReadBenchmark bench = new SecureBufferReadBenchmark();
    bench.setUp();
    try {
      assertThat(bench.readToBuffer()).isEqualTo(SecureBufferReadBenchmark.SIZE_BYTES);
      assertThat(bench.jdk()).hasSize(SecureBufferReadBenchmark.SIZE_BYTES);
    } finally {
      bench.tearDown();
    }
  }

  static Stream<Arguments> depthsAndResolutions() {
    return List.of(1, 4, 16).stream().flatMap(depth -> Stream.of(Resolution.OPENAT2, Resolution.DESCRIPTOR_WALK)
        .map(resolution -> Arguments.of(depth, resolution)));
  }

  @ParameterizedTest
  @MethodSource("depthsAndResolutions")
  void resolution_eachDepthAndMode_readsTheFile(int depth, Resolution resolution) throws IOException {
    ResolutionBenchmark bench = new ResolutionBenchmark();
    bench.depth = depth;
    bench.resolution = resolution;
    try {
      bench.setUp();
    } catch (ConfinementUnavailableException e) {
      Assumptions.abort("this kernel offers no openat2 to this process");
    }
    try {
      assertThat(bench.read()).hasSize(ResolutionBenchmark.SIZE_BYTES);
    } finally {
      bench.tearDown();
    }
  }

  @Test
  void pathOfDepth_sixteen_hasSixteenComponents() {
    assertThat(ResolutionBenchmark.pathOfDepth(16).split("/")).hasSize(16).endsWith("file");
    assertThat(ResolutionBenchmark.pathOfDepth(1)).isEqualTo("file");
  }
}
