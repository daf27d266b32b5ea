package dev.sectools.secrets;

import java.nio.file.Path;

/**
 * A child process for {@link SecretStoreMetricsTest}: uses a store on a class path without
 * Micrometer, and prints {@code ok, micrometer absent}.
 */
public final class NoMetricsChild {
  private NoMetricsChild() {}

  /** {@code args}: a directory for a new store. */
  public static void main(String[] args) throws Exception {
    try (SecretStore store = TestStores.create(Path.of(args[0]))) {
      store.put("app/key", TestStores.utf8("value"));
      if (!TestStores.read(store, "app/key").equals("value")) {
        throw new AssertionError("value read back differs");
      }
    }
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      System.out.println("micrometer present: the test proves nothing");
    } catch (ClassNotFoundException expected) {
      System.out.println("ok, micrometer absent");
    }
  }
}
