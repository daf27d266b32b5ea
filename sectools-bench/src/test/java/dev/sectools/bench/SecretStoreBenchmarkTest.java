package dev.sectools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /**
   * The providers that need no outside service; the keychain and PKCS#11 cases need a session bus
   * and a token, which {@code scripts/bench-kek.sh} sets up and the secrets module's tests cover.
   */
  @ParameterizedTest
  @ValueSource(strings = {"passphrase", "machine-bound"})
  void keyProviderOpen_setUpAndOpen_readsTheSecret(String provider) throws Exception {
    KeyProviderOpenBenchmark bench = new KeyProviderOpenBenchmark();
    bench.provider = provider;
    bench.setUp();
    try {
      assertThat(bench.openGetClose()).isEqualTo(SecretStoreBenchmark.VALUE_BYTES);
    } finally {
      bench.tearDown();
    }
  }
}
