package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.junit.SecureTempDir;
import dev.sectools.secrets.CheckAndSet;
import dev.sectools.secrets.ExpiredRead;
import dev.sectools.secrets.MetadataUpdate;
import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every documented exit code, each provoked the way a user would meet it. */
class ExitCodeTest {
  @SecureTempDir
  Path home;

  @Test
  void get_existingSecret_exits0() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("value-1").run("secrets", "set", "app/token");

    Cli.Result r = cli.run("secrets", "get", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.OK.code());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void set_storeLockedByAnotherWriter_exits1() throws Exception {
    Cli cli = Cli.withStore(home);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("store/store.db"));
        Statement st = c.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");

      Cli.Result r = cli.stdin("value").run("secrets", "set", "app/token", "--busy-timeout", "50ms");

      assertThat(r.exit()).isEqualTo(ExitCode.INTERNAL.code());
      assertThat(r.err()).startsWith("sectools: the store is busy").doesNotContain("Exception");
    }
  }

  @Test
  void get_unknownOption_exits2() throws Exception {
    Cli.Result r = Cli.in(home).run("secrets", "get", "--frobnicate", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).startsWith("sectools: ").contains("--help");
  }

  @Test
  void get_invalidSecretPath_exits2() throws Exception {
    Cli.Result r = Cli.withStore(home).run("secrets", "get", "no-namespace");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).startsWith("sectools: invalid secret path");
  }

  @Test
  void get_missingSecret_exits3() throws Exception {
    Cli.Result r = Cli.withStore(home).run("secrets", "get", "app/missing");

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).contains("app/missing").contains("sectools secrets list");
  }

  @Test
  void get_noStore_exits3AndNamesInit() throws Exception {
    Cli.Result r = Cli.in(home).env("SECTOOLS_PASSPHRASE", "x")
        .run("secrets", "get", "app/token", "--store", home.resolve("nowhere").toString());

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).contains("sectools secrets init");
  }

  @Test
  void set_casMismatch_exits4() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/token");
    cli.stdin("v2").run("secrets", "set", "app/token");

    Cli.Result r = cli.stdin("v3").run("secrets", "set", "app/token", "--cas", "1");

    assertThat(r.exit()).isEqualTo(ExitCode.CONFLICT.code());
    assertThat(r.err()).contains("expected version 1").contains("current version is 2");
  }

  @Test
  void set_casRequiredButPlainWrite_exits4() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/token");
    cli.run("secrets", "metadata", "app/token", "--check-and-set", "required");

    Cli.Result r = cli.stdin("v2").run("secrets", "set", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.CONFLICT.code());
    assertThat(r.err()).contains("--cas 1");
  }

  @Test
  void init_storeExists_exits4() throws Exception {
    Cli.Result r = Cli.withStore(home).run("secrets", "init", "--kdf", "minimum");

    assertThat(r.exit()).isEqualTo(ExitCode.CONFLICT.code());
  }

  @Test
  void get_ciphertextTampered_exits5() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("the-original-value").run("secrets", "set", "app/token");
    flipLastCiphertextByte(home.resolve("store/store.db"));

    Cli.Result r = cli.run("secrets", "get", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(r.err()).startsWith("sectools: integrity check failed");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void get_storeFileIsGarbage_exits5() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.write(home.resolve("store/store.db"), "not a database at all, just text".repeat(200).getBytes(StandardCharsets.UTF_8));
    Files.deleteIfExists(home.resolve("store/store.db-wal"));
    Files.deleteIfExists(home.resolve("store/store.db-shm"));

    Cli.Result r = cli.run("secrets", "get", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
  }

  @Test
  void get_wrongPassphrase_exits6() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.writeString(home.resolve("wrong"), "not the passphrase\n");

    Cli.Result r = cli.run("secrets", "get", "app/token", "--passphrase-file", home.resolve("wrong").toString());

    assertThat(r.exit()).isEqualTo(ExitCode.ACCESS_DENIED.code());
    assertThat(r.err()).contains("check the passphrase").doesNotContain("not the passphrase");
  }

  @Test
  void fileRead_pathEscapesRoot_exits7() throws Exception {
    Files.createDirectory(home.resolve("root"));
    Files.writeString(home.resolve("outside"), "outside");

    Cli.Result r = Cli.in(home).run("file", "read", "--root", home.resolve("root").toString(), "../outside");

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void get_storeDirectoryOpenToOthers_exits7() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.setPosixFilePermissions(home.resolve("store"), PosixFilePermissions.fromString("rwxrwxrwx"));

    Cli.Result r = cli.run("secrets", "get", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains("chmod 700");
  }

  @Test
  void get_expiredUnderRefusePolicy_exits8() throws Exception {
    Cli cli = Cli.withStore(home);
    InstantSource longAgo = InstantSource.fixed(Instant.now().minus(Duration.ofDays(400)));
    try (PassphraseKeyProvider key = PassphraseKeyProvider.of(Cli.PASSPHRASE.toCharArray());
        SecretStore store = SecretStore.open(StoreConfig.builder(home.resolve("store"), key).clock(longAgo).build())) {
      store.put("app/token", "old".getBytes(StandardCharsets.UTF_8));
      store.updateMetadata("app/token", MetadataUpdate.builder().checkAndSet(CheckAndSet.OPTIONAL)
          .rotation(RotationPolicy.credentials().withOnExpiredRead(ExpiredRead.REFUSE)).build());
    }

    Cli.Result r = cli.run("secrets", "get", "app/token");

    assertThat(r.exit()).isEqualTo(ExitCode.EXPIRED.code());
    assertThat(r.err()).contains("sectools secrets set");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void exitCodes_everyCode_hasDistinctNumberFrom0To8() {
    assertThat(ExitCode.values()).extracting(ExitCode::code).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }

  /** Flips one bit of every stored ciphertext, as an attacker with write access to the file could. */
  static void flipLastCiphertextByte(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      List<Object[]> rows = new java.util.ArrayList<>();
      try (Statement st = c.createStatement();
          var rs = st.executeQuery("SELECT path_id, version, value_ct FROM versions")) {
        while (rs.next()) {
          rows.add(new Object[] {rs.getBytes(1), rs.getLong(2), rs.getBytes(3)});
        }
      }
      for (Object[] row : rows) {
        byte[] ct = (byte[]) row[2];
        ct[ct.length - 1] ^= 1;
        try (var ps = c.prepareStatement("UPDATE versions SET value_ct = ? WHERE path_id = ? AND version = ?")) {
          ps.setBytes(1, ct);
          ps.setBytes(2, (byte[]) row[0]);
          ps.setLong(3, (Long) row[1]);
          ps.executeUpdate();
        }
      }
    }
  }
}
