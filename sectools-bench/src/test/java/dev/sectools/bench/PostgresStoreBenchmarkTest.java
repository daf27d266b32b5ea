package dev.sectools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The backend benchmark's set-up and operations work on both backends, so a run measures something real. */
class PostgresStoreBenchmarkTest {
  @ParameterizedTest
  @ValueSource(strings = {"SQLITE", "POSTGRES"})
  void setUpGetPut_eitherBackend_returnValueAndNextVersion(String backend) throws Exception {
    PostgresStoreBenchmark bench = new PostgresStoreBenchmark();
    bench.backend = backend;
    bench.setUp();
    try {
      PostgresStoreBenchmark.Cursor cursor = new PostgresStoreBenchmark.Cursor();
      cursor.setUp(bench);
      assertThat(bench.get1(cursor)).isEqualTo(PostgresStoreBenchmark.VALUE_BYTES);
      assertThat(bench.put8(cursor)).isEqualTo(2);
    } finally {
      bench.tearDown();
    }
  }
}
