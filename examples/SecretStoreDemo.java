import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.IntegrityException;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.VersionConflictException;
import dev.sectools.secrets.VersionInfo;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A tour of the secret store on its embedded default, one SQLite file: run with
 * {@code ./run demo}. The store lives in a temporary directory and is removed at the end.
 */
public class SecretStoreDemo {
  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("sectools-store-demo");
    Path dir = base.resolve("store");
    char[] passphrase = "demo passphrase, use a real one".toCharArray();
    try {
      System.out.println("sectools secret store demo (SQLite store in " + dir + ")");
      System.out.println();
      try (PassphraseKeyProvider key = PassphraseKeyProvider.of(passphrase);
          SecretStore store = SecretStore.create(StoreConfig.builder(dir, key).build())) {
        long v1 = store.put("payments/stripe-key", utf8("sk_live_first"));
        long v2 = store.put("payments/stripe-key", utf8("sk_live_second"));
        System.out.println("ok       put   payments/stripe-key      versions " + v1 + ", " + v2);
        try (SecureBuffer value = store.get("payments/stripe-key")) {
          System.out.println("ok       get   payments/stripe-key      " + value.length()
              + " bytes, off the Java heap (locked: " + value.isLocked() + ")");
        }
        try {
          store.put("payments/stripe-key", utf8("sk_live_lost_update"), v1);
        } catch (VersionConflictException e) {
          System.out.println("refused  check-and-set on version 1     " + e.getMessage());
        }
        store.generate("db/app-password", dev.sectools.secrets.PasswordSpec.DEFAULT);
        System.out.println("ok       generate db/app-password       32 random characters, never a String");
        System.out.println("ok       list  \"\"                       " + store.list(""));
        for (VersionInfo v : store.versions("payments/stripe-key")) {
          System.out.println("         version " + v.version() + " " + v.state() + " key " + v.keyId());
        }
      }

      byte[] db = Files.readAllBytes(dir.resolve("store.db"));
      String raw = new String(db, StandardCharsets.ISO_8859_1);
      System.out.println("ok       store.db holds the value? " + raw.contains("sk_live") + "; the name? "
          + raw.contains("stripe"));

      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"));
          Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE versions SET value_ct = (SELECT value_ct FROM versions ORDER BY rowid LIMIT 1)");
      }
      System.out.println("         (an attacker copies version 1's ciphertext over every other version)");
      try (PassphraseKeyProvider key = PassphraseKeyProvider.of(passphrase);
          SecretStore store = SecretStore.open(StoreConfig.builder(dir, key).build())) {
        store.get("payments/stripe-key");
      } catch (IntegrityException e) {
        System.out.println("refused  get   payments/stripe-key      IntegrityException: " + e.getMessage());
      }
      try (PassphraseKeyProvider key = PassphraseKeyProvider.of("wrong".toCharArray());
          SecretStore store = SecretStore.open(StoreConfig.builder(dir, key).build())) {
        System.out.println("unexpected: opened with a wrong passphrase");
      } catch (StoreAccessDeniedException e) {
        System.out.println("refused  open  with a wrong passphrase  " + e.getMessage());
      }
    } finally {
      java.util.Arrays.fill(passphrase, '\0');
      try (Stream<Path> all = Files.walk(base)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
