package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's Micrometer meters, and a store with no Micrometer at all. */
class SecretStoreMetricsTest {
  @TempDir Path tmp;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private StoreConfig config(char[] passphrase) {
    return StoreConfig.builder(tmp.resolve("vault"), PassphraseKeyProvider.of(passphrase, Argon2Settings.OWASP_MINIMUM))
        .meterRegistry(registry)
        .build();
  }

  private long timed(String operation, String outcome) {
    return registry.find("sectools.secrets.operations")
        .tags("store", "vault", "operation", operation, "outcome", outcome).timer().count();
  }

  private double errors(String operation, String kind) {
    var counter = registry.find("sectools.secrets.errors").tags("operation", operation, "kind", kind).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void operations_successesAndFailures_areTimedAndCountedByKind() throws Exception {
    try (SecretStore store = SecretStore.create(config(TestStores.PASSPHRASE))) {
      store.put("app/key", utf8("one"));
      store.put("app/key", utf8("two"), 1);
      try (SecureBuffer value = store.get("app/key")) {
        assertThat(value.length()).isEqualTo(3);
      }
      assertThatThrownBy(() -> store.get("app/missing")).isInstanceOf(SecretNotFoundException.class);
      assertThatThrownBy(() -> store.put("app/key", utf8("x"), 1)).isInstanceOf(VersionConflictException.class);
      assertThatThrownBy(() -> store.put("no-namespace", utf8("x"))).isInstanceOf(InvalidSecretPathException.class);
    }
    assertThat(timed("create", "success")).isEqualTo(1);
    assertThat(timed("put", "success")).isEqualTo(2);
    assertThat(timed("get", "success")).isEqualTo(1);
    assertThat(timed("get", "error")).isEqualTo(1);
    assertThat(timed("put", "error")).isEqualTo(2);
    assertThat(errors("get", "not_found")).isEqualTo(1);
    assertThat(errors("put", "conflict")).isEqualTo(1);
    assertThat(errors("put", "invalid_argument")).isEqualTo(1);

    assertThatThrownBy(() -> SecretStore.open(config("wrong passphrase".toCharArray())))
        .isInstanceOf(StoreAccessDeniedException.class);
    assertThat(errors("open", "access_denied")).isEqualTo(1);
  }

  @Test
  void gauges_countSecretsAndVersions_andGoAwayOnClose() throws Exception {
    try (SecretStore store = SecretStore.create(config(TestStores.PASSPHRASE))) {
      store.put("app/a", utf8("1"));
      store.put("app/a", utf8("2"));
      store.put("app/b", utf8("3"));
      assertThat(registry.get("sectools.secrets.secrets").gauge().value()).isEqualTo(2);
      assertThat(registry.get("sectools.secrets.versions").gauge().value()).isEqualTo(3);
    }
    assertThat(registry.find("sectools.secrets.secrets").gauge()).isNull();
    assertThat(registry.find("sectools.secrets.versions").gauge()).isNull();
  }

  @Test
  void rotation_manualAndReencrypt_areCounted() throws Exception {
    try (SecretStore store = SecretStore.create(config(TestStores.PASSPHRASE))) {
      for (int i = 0; i < 5; i++) {
        store.put("app/s" + i, utf8("v"));
      }
      store.rotateKeys();
      assertThat(store.reencrypt(ReencryptProgress.NONE)).isEqualTo(5);
    }
    assertThat(registry.get("sectools.secrets.key.rotations").tag("trigger", "manual").counter().count()).isEqualTo(1);
    assertThat(registry.get("sectools.secrets.reencrypted.versions").counter().count()).isEqualTo(5);
  }

  @Test
  void meters_namesAndTags_neverCarryAPathOrValue() throws Exception {
    try (SecretStore store = SecretStore.create(config(TestStores.PASSPHRASE))) {
      store.put("payroll/ceo-salary", utf8("canary-4c1d"));
      store.get("payroll/ceo-salary").close();
      assertThatThrownBy(() -> store.get("payroll/other")).isInstanceOf(SecretNotFoundException.class);
    }
    String everything = registry.getMeters().stream().map(Meter::getId).map(Object::toString)
        .collect(Collectors.joining("\n"));
    assertThat(everything).doesNotContain("payroll", "ceo", "canary", "other");
  }

  @Test
  void store_withoutMicrometerOnTheClassPath_works() throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains("micrometer"))
        .collect(Collectors.joining(File.pathSeparator));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1", "-cp", classPath,
        NoMetricsChild.class.getName(), tmp.resolve("plain").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
    assertThat(child.exitValue()).as("child exit status").isZero();
    assertThat(out).isEqualTo("ok, micrometer absent");
  }
}
