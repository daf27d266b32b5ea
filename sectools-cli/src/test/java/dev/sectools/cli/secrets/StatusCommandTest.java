package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import dev.sectools.secrets.MetadataUpdate;
import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
  @SecureTempDir
  Path home;

  @Test
  void status_table_showsCountsAndKeys() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("v").run("secrets", "set", "app/token");

    Cli.Result r = cli.run("secrets", "status");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("secrets   1 (1 versions)").containsPattern("(?m)^KEY +STATE");
  }

  @Test
  void status_passphraseInVariable_warnsAboutIt() throws Exception {
    Cli cli = Cli.withStore(home).unset("SECTOOLS_PASSPHRASE_FILE").env("SECTOOLS_PASSPHRASE", Cli.PASSPHRASE);

    Cli.Result r = cli.run("secrets", "status", "--json");

    assertThat(r.out()).contains("\"warnings\":[\"the passphrase comes from SECTOOLS_PASSPHRASE");
  }

  @Test
  void status_passphraseFileReadableByOthers_warns() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.setPosixFilePermissions(home.resolve("passphrase"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(cli.run("secrets", "status").out()).contains("warning: the passphrase file can be read");
  }

  @Test
  void statusCheck_expiredSecret_listsItAndExits8() throws Exception {
    Cli cli = Cli.withStore(home);
    InstantSource longAgo = InstantSource.fixed(Instant.now().minus(Duration.ofDays(100)));
    try (PassphraseKeyProvider key = PassphraseKeyProvider.of(Cli.PASSPHRASE.toCharArray());
        SecretStore store = SecretStore.open(StoreConfig.builder(home.resolve("store"), key).clock(longAgo).build())) {
      store.put("app/old", "v".getBytes(StandardCharsets.UTF_8));
      store.updateMetadata("app/old", MetadataUpdate.builder().rotation(RotationPolicy.credentials()).build());
    }

    Cli.Result r = cli.run("secrets", "status", "--check");

    assertThat(r.exit()).isEqualTo(8);
    assertThat(r.out()).containsPattern("(?m)^app/old +expired");
    assertThat(cli.run("secrets", "status").exit()).isZero();
  }
}
