package dev.sectools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The secret store benchmark's set-up and operations work, so a benchmark run measures something real. */
class SecretStoreBenchmarkTest {
  @Test
  void secretStore_setUpGetPut_returnValueAndNextVersion() throws Exception {
    SecretStoreBenchmark bench = new SecretStoreBenchmark();
    bench.setUp();
    try {
      assertThat(bench.get()).isEqualTo(SecretStoreBenchmark.VALUE_BYTES);
      assertThat(bench.put()).isEqualTo(2);
      assertThat(bench.putAll()).hasSize(SecretStoreBenchmark.BATCH).containsValue(2L);
    } finally {
      bench.tearDown();
    }
  }
}
