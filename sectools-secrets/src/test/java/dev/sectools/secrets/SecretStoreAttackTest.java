package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the stored data with plain SQL and file edits, as someone who can write the
 * database file but has no key would try them. None may yield a wrong value.
 */
class SecretStoreAttackTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("store");
  }

  private Path db() {
    return dir().resolve("store.db");
  }

  @Test
  void get_oneCiphertextByteFlipped_integrityErrorForThatVersionOnly() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("alpha"));
      store.put("app/a", utf8("alpha2"));
      store.put("app/b", utf8("bravo"));
    }
    try (Connection c = sql()) {
      List<byte[]> cts = column(c, "SELECT value_ct FROM versions ORDER BY rowid");
      byte[] flipped = cts.get(1).clone();
      flipped[flipped.length / 2] ^= 0x01;
      update(c, "UPDATE versions SET value_ct = ? WHERE value_ct = ?", flipped, cts.get(1));
    }
    try (SecretStore store = TestStores.open(dir())) {
      assertThatThrownBy(() -> store.get("app/a", 2)).isInstanceOf(IntegrityException.class)
          .hasMessage("integrity check failed");
      assertThat(read(store, "app/a", 1)).isEqualTo("alpha");
      assertThat(read(store, "app/b")).isEqualTo("bravo");
    }
  }

  @Test
  void get_ciphertextsSwappedBetweenPaths_integrityError() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("alpha"));
      store.put("app/b", utf8("bravo"));
    }
    try (Connection c = sql()) {
      List<byte[]> cts = column(c, "SELECT value_ct FROM versions ORDER BY rowid");
      update(c, "UPDATE versions SET value_ct = CASE WHEN value_ct = ? THEN ? ELSE ? END", cts.get(0),
          cts.get(1), cts.get(0));
    }
    try (SecretStore store = TestStores.open(dir())) {
      assertThatThrownBy(() -> store.get("app/a")).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> store.get("app/b")).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void get_ciphertextsSwappedBetweenVersions_integrityError() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("old"));
      store.put("app/a", utf8("new"));
    }
    try (Connection c = sql()) {
      update(c, "UPDATE versions SET version = version + 100");
      update(c, "UPDATE versions SET version = 103 - version"); // 1 and 2 trade ciphertexts
    }
    try (SecretStore store = TestStores.open(dir())) {
      assertThatThrownBy(() -> store.get("app/a", 1)).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(() -> store.get("app/a", 2)).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void get_rowCopiedFromAnotherStore_integrityError() throws Exception {
    Path other = tmp.resolve("other");
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("mine"));
    }
    try (SecretStore store = TestStores.create(other)) {
      store.put("app/a", utf8("theirs"));
    }
    byte[] foreign;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve("store.db"))) {
      foreign = column(c, "SELECT value_ct FROM versions").getFirst();
    }
    try (Connection c = sql()) {
      update(c, "UPDATE versions SET value_ct = ?", foreign);
    }
    try (SecretStore store = TestStores.open(dir())) {
      assertThatThrownBy(() -> store.get("app/a")).isInstanceOf(IntegrityException.class);
    }
  }

  @Test
  void open_wrongPassphraseOrTamperedKeyset_sameAccessDenied() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("alpha"));
    }
    Throwable wrongPassphrase = catchOpen(TestStores.config(dir(), "wrong passphrase".toCharArray()));
    try (Connection c = sql()) {
      byte[] keyset = column(c, "SELECT value FROM store_header WHERE name = 'data_keyset'").getFirst();
      keyset[keyset.length - 1] ^= 0x01;
      update(c, "UPDATE store_header SET value = ? WHERE name = 'data_keyset'", keyset);
    }
    Throwable tampered = catchOpen(TestStores.config(dir(), TestStores.PASSPHRASE));
    assertThat(wrongPassphrase).isInstanceOf(StoreAccessDeniedException.class);
    assertThat(tampered).isInstanceOf(StoreAccessDeniedException.class);
    assertThat(tampered.getMessage()).isEqualTo(wrongPassphrase.getMessage());
    assertThat(wrongPassphrase.getCause()).isNull();
    assertThat(tampered.getCause()).isNull();
  }

  private static Throwable catchOpen(StoreConfig config) {
    try (SecretStore ignored = SecretStore.open(config)) {
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void open_emptyTruncatedOrGarbageDatabase_formatErrorAndFileUnchanged() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      for (int i = 0; i < 50; i++) {
        store.put("app/k" + i, utf8("value " + i));
      }
    }
    checkpoint();
    byte[] whole = Files.readAllBytes(db());
    byte[] garbage = new byte[whole.length];
    new SecureRandom().nextBytes(garbage);
    for (byte[] content : List.of(new byte[0], java.util.Arrays.copyOf(whole, 100), garbage)) {
      Files.write(db(), content);
      String before = sha256(db());
      assertThatThrownBy(() -> TestStores.open(dir())).isInstanceOf(StoreFormatException.class);
      assertThat(sha256(db())).isEqualTo(before);
    }
  }

  @Test
  void open_newerFormatVersion_formatErrorAndNothingChanged() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("alpha"));
    }
    try (Connection c = sql()) {
      update(c, "UPDATE store_header SET value = ? WHERE name = 'format_version'", utf8("2"));
    }
    checkpoint();
    String before = sha256(db());
    assertThatThrownBy(() -> TestStores.open(dir())).isInstanceOf(StoreFormatException.class)
        .hasMessageContaining("newer sectools");
    assertThat(sha256(db())).isEqualTo(before);
  }

  @Test
  void storedFiles_afterPut_holdNeitherValueNorName() throws Exception {
    String canary = HexFormat.of().formatHex(SecureRandom.getSeed(16));
    String name = "payments/stripe-" + HexFormat.of().formatHex(SecureRandom.getSeed(6));
    try (SecretStore store = TestStores.create(dir())) {
      store.put(name, utf8(canary));
      store.put(name, utf8(canary + "-2"));
      assertThat(read(store, name)).isEqualTo(canary + "-2");
      List<Path> files = new ArrayList<>();
      try (var s = Files.list(dir())) {
        s.forEach(files::add);
      }
      assertThat(files).extracting(p -> p.getFileName().toString()).contains("store.db", "store.db-wal");
      for (Path f : files) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(content).as(f.toString()).doesNotContain(canary).doesNotContain(name)
            .doesNotContain("stripe");
      }
    }
  }

  @Test
  void open_storeDirectoryOpenedToOthers_refused() throws Exception {
    try (SecretStore store = TestStores.create(dir())) {
      store.put("app/a", utf8("alpha"));
    }
    Files.setPosixFilePermissions(dir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> TestStores.open(dir())).isInstanceOf(dev.sectools.temp.InsecureDirectoryException.class);
  }

  @Test
  void openAndCreate_storeDirectoryIsALink_refusedWithoutFollowing() throws Exception {
    Path real = tmp.resolve("real");
    try (SecretStore store = TestStores.create(real)) {
      store.put("app/a", utf8("alpha"));
    }
    Files.createSymbolicLink(dir(), real);
    assertThatThrownBy(() -> TestStores.open(dir())).isInstanceOf(dev.sectools.temp.InsecureDirectoryException.class);
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), elsewhere);
    assertThatThrownBy(() -> TestStores.create(link)).isInstanceOf(dev.sectools.temp.InsecureDirectoryException.class);
    try (var names = Files.list(elsewhere)) {
      assertThat(names).isEmpty();
    }
  }

  private Connection sql() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db());
  }

  private void checkpoint() throws SQLException {
    try (Connection c = sql(); var s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  private static List<byte[]> column(Connection c, String sql) throws SQLException {
    List<byte[]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    }
    return out;
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      assertThat(ps.executeUpdate()).isPositive();
    }
  }

  private static String sha256(Path f) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
