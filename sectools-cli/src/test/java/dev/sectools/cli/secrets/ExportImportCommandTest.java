package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ExportImportCommandTest {
  private static final String CANARY = "canary-8c2e51aa-value";

  @SecureTempDir
  Path home;

  @Test
  void export_withoutInsecureFlag_usageSayingWhy() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin(CANARY).run("secrets", "set", "app/token");

    Cli.Result r = cli.run("secrets", "export", "--format", "json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unencrypted").contains("--insecure-plaintext");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void export_toFile_privateFileWithValues() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin(CANARY).run("secrets", "set", "app/token");
    Path file = home.resolve("export.json");

    Cli.Result r = cli.run("secrets", "export", "--format", "json", "--insecure-plaintext", "--out", file.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file)).contains("\"app/token\"").contains(CANARY);
    assertThat(r.err()).contains("exported 1 secrets in the clear to " + file).doesNotContain(CANARY);
  }

  @Test
  void export_existingFile_conflictUnlessForce() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin(CANARY).run("secrets", "set", "app/token");
    Path file = Files.writeString(home.resolve("app.env"), "OLD=1\n");

    Cli.Result refused = cli.run("secrets", "export", "--format", "dotenv", "--prefix", "app/",
        "--insecure-plaintext", "--out", file.toString());
    assertThat(refused.exit()).isEqualTo(4);
    assertThat(Files.readString(file)).isEqualTo("OLD=1\n");

    Cli.Result forced = cli.run("secrets", "export", "--format", "dotenv", "--prefix", "app/",
        "--insecure-plaintext", "--out", file.toString(), "--force");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(Files.readString(file)).endsWith("\ntoken=\"" + CANARY + "\"\n");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void export_dotenvCannotHoldName_usageAndNoFile() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin(CANARY).run("secrets", "set", "app/bad-name");
    Path file = home.resolve("app.env");

    Cli.Result r = cli.run("secrets", "export", "--format", "dotenv", "--prefix", "app/",
        "--insecure-plaintext", "--out", file.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).doesNotContain(CANARY);
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void exportThenImport_json_roundTripsIntoAnotherStore() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin(CANARY).run("secrets", "set", "app/token");
    cli.stdin("p").run("secrets", "set", "db/password");
    Cli.Result exported = cli.run("secrets", "export", "--format", "json", "--insecure-plaintext");
    Path other = home.resolve("other");
    assertThat(cli.run("secrets", "init", "--kdf", "minimum", "--store", other.toString()).exit()).isZero();

    Cli.Result r = cli.stdin(exported.stdout()).run("secrets", "import", "--format", "json", "--store",
        other.toString(), "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{\"imported\":2}" + System.lineSeparator());
    assertThat(cli.run("secrets", "get", "app/token", "--store", other.toString()).out()).isEqualTo(CANARY);
  }

  @Test
  void import_dotenvFileWithPrefix_writesEachSecret() throws Exception {
    Cli cli = Cli.withStore(home);
    Path file = Files.writeString(home.resolve("app.env"), "# app\nDB_PASSWORD=" + CANARY + "\nexport API_KEY='k'\n");

    Cli.Result r = cli.run("secrets", "import", "--format", "dotenv", "--prefix", "app/", "--in", file.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("imported 2 secrets");
    assertThat(cli.run("secrets", "get", "app/DB_PASSWORD").out()).isEqualTo(CANARY);
    assertThat(cli.run("secrets", "get", "app/API_KEY").out()).isEqualTo("k");
  }

  @Test
  void import_stderrIsATerminal_drawsAndClearsAProgressBar() throws Exception {
    Cli cli = Cli.withStore(home).terminal(new ScriptedTerminal(true));
    Path file = Files.writeString(home.resolve("app.env"), "A=1\nB=2\n");

    Cli.Result r = cli.run("secrets", "import", "--format", "dotenv", "--prefix", "app/", "--in", file.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("\rimporting [").contains("2/2 secrets").contains("\rimported 2 secrets");
  }

  @Test
  void import_stdinIsATerminal_usage() throws Exception {
    Cli.Result r = Cli.withStore(home).terminal(new ScriptedTerminal()).run("secrets", "import", "--format", "json");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("standard input is a terminal");
  }

  @Test
  void import_malformedLine_usageNamingItAndNothingImported() throws Exception {
    Cli cli = Cli.withStore(home);
    Path file = Files.writeString(home.resolve("app.env"), "GOOD=" + CANARY + "\nthis line is bad " + CANARY + "\n");

    Cli.Result r = cli.run("secrets", "import", "--format", "dotenv", "--prefix", "app/", "--in", file.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("line 2").doesNotContain(CANARY);
    assertThat(cli.run("secrets", "get", "app/GOOD").exit()).isEqualTo(3);
  }

  @Test
  void import_secretRequiringCheckAndSet_conflictAndNothingImported() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("v1").run("secrets", "set", "app/locked");
    assertThat(cli.run("secrets", "metadata", "app/locked", "--check-and-set", "required").exit()).isZero();

    Cli.Result r = cli.stdin("{\"app/new\":\"" + CANARY + "\",\"app/locked\":\"" + CANARY + "\"}")
        .run("secrets", "import", "--format", "json");

    assertThat(r.exit()).isEqualTo(4);
    assertThat(r.err()).doesNotContain(CANARY);
    assertThat(cli.run("secrets", "get", "app/new").exit()).isEqualTo(3);
    assertThat(cli.run("secrets", "get", "app/locked").out()).isEqualTo("v1");
  }

  @Test
  void import_missingFile_notFound() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "import", "--format", "json", "--in", home.resolve("nope.json").toString());

    assertThat(r.exit()).isEqualTo(3);
  }

  @Test
  void import_wrongPassphrase_accessDenied() throws Exception {
    Cli cli = Cli.withStore(home).unset("SECTOOLS_PASSPHRASE_FILE").env("SECTOOLS_PASSPHRASE", "wrong");

    Cli.Result r = cli.stdin("{\"app/x\":\"" + CANARY + "\"}").run("secrets", "import", "--format", "json");

    assertThat(r.exit()).isEqualTo(6);
    assertThat(r.err()).doesNotContain(CANARY);
  }
}
