package dev.sectools.secrets;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child process for {@link SecretStoreCrashTest}: repeats one kind of change to the store
 * forever, printing {@code ack <n>} after each one returns, until it is killed.
 *
 * <ul>
 *   <li>{@code put}: writes increasing numbers to {@code app/counter}, and to shadow secrets;
 *   <li>{@code reencrypt}: rotates the data key and re-encrypts every version;
 *   <li>{@code passphrase}: changes the passphrase back and forth between two.
 * </ul>
 */
public final class CrashChild {
  static final char[] OTHER_PASSPHRASE = "the other passphrase".toCharArray();

  private CrashChild() {}

  /** {@code args}: store directory, mode. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path dir = Path.of(args[0]);
    boolean other = false;
    SecretStore opened;
    try {
      opened = TestStores.open(dir);
    } catch (StoreAccessDeniedException e) {
      opened = SecretStore.open(TestStores.config(dir, OTHER_PASSPHRASE));
      other = true;
    }
    try (SecretStore store = opened) {
      long n = Long.parseLong(TestStores.read(store, "app/counter"));
      out.println("ready");
      while (true) {
        n++;
        switch (args[1]) {
          case "put" -> {
            byte[] value = Long.toString(n).getBytes(StandardCharsets.UTF_8);
            store.put("app/counter", value);
            store.put("app/shadow-" + (n % 8), value);
          }
          case "reencrypt" -> {
            store.rotateKeys();
            store.reencrypt(ReencryptProgress.NONE);
          }
          case "passphrase" -> {
            other = !other;
            store.changeKeyProvider(TestStores.config(dir, other ? OTHER_PASSPHRASE : TestStores.PASSPHRASE)
                .keyProvider());
          }
          default -> throw new IllegalArgumentException(args[1]);
        }
        out.println("ack " + n);
      }
    }
  }
}
