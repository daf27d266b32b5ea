package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackupCommandTest {
  private static final String CANARY = "canary-4f1d9e7b-value";

  @SecureTempDir
  Path home;

  private Cli storeWithSecrets() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin(CANARY).run("secrets", "set", "app/token");
    cli.stdin("second").run("secrets", "set", "app/token");
    cli.stdin("db").run("secrets", "set", "db/password");
    return cli;
  }

  private Path backup(Cli cli) {
    Path file = home.resolve("store.stbk");
    Cli.Result r = cli.run("secrets", "backup", "--out", file.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    return file;
  }

  private Cli.Result restore(Cli cli, Path backup, Path target, String... more) {
    String[] args = Stream.concat(Stream.of("secrets", "restore", "--in", backup.toString(), "--store",
        target.toString(), "--kdf", "minimum"), Arrays.stream(more)).toArray(String[]::new);
    return cli.run(args);
  }

  @Test
  void backupThenRestore_intoNewStore_givesEqualValuesAndVersions() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = backup(cli);
    Path target = home.resolve("restored");

    Cli.Result r = restore(cli, file, target, "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"secrets\":2,\"versions\":3");
    assertThat(cli.run("secrets", "get", "app/token", "--store", target.toString()).out()).isEqualTo("second");
    assertThat(cli.run("secrets", "get", "app/token", "--version", "1", "--store", target.toString()).out())
        .isEqualTo(CANARY);
    assertThat(cli.run("secrets", "get", "db/password", "--store", target.toString()).out()).isEqualTo("db");
  }

  @Test
  void backup_toFile_isPrivateAndSummarised() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = home.resolve("b.stbk");

    Cli.Result r = cli.run("secrets", "backup", "--out", file.toString(), "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(r.err()).contains("backed up 2 secrets (3 versions, " + Files.size(file) + " bytes) to " + file);
    assertThat(r.out()).startsWith("{\"file\":").contains("\"secrets\":2,\"versions\":3,\"bytes\":" + Files.size(file));
  }

  @Test
  void backup_toStdout_writesTheBackupThatRestores() throws Exception {
    Cli cli = storeWithSecrets();

    Cli.Result r = cli.run("secrets", "backup", "--out", "-");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(restore(cli.stdin(r.stdout()), Path.of("-"), home.resolve("restored")).exit()).isZero();
  }

  @Test
  void backup_stdoutIsATerminal_refusedWithUsage() throws Exception {
    Cli cli = storeWithSecrets().terminal(new ScriptedTerminal().withStdoutTerminal());

    Cli.Result r = cli.run("secrets", "backup");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("refusing to write a binary backup to the terminal");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void backup_existingFile_conflictAndFileUnchanged() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = home.resolve("b.stbk");
    Files.writeString(file, "keep me");

    Cli.Result r = cli.run("secrets", "backup", "--out", file.toString());

    assertThat(r.exit()).isEqualTo(4);
    assertThat(Files.readString(file)).isEqualTo("keep me");
    assertThat(cli.run("secrets", "backup", "--out", file.toString(), "--force").exit()).isZero();
    assertThat(Files.size(file)).isGreaterThan(100);
  }

  @Test
  void backup_failsBeforeWriting_leavesNoFile() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = home.resolve("b.stbk");

    Cli.Result r = cli.run("secrets", "backup", "--out", file.toString(), "--backup-passphrase-file",
        home.resolve("missing").toString());

    assertThat(r.exit()).isEqualTo(3);
    try (Stream<Path> files = Files.list(home)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("b.stbk")
          .noneMatch(n -> n.contains("stbk"));
    }
  }

  @Test
  void restore_separateBackupPassphrase_needsIt() throws Exception {
    Cli cli = storeWithSecrets();
    Path backupPass = home.resolve("backup-pass");
    Files.writeString(backupPass, "another passphrase entirely\n");
    Path file = home.resolve("b.stbk");
    assertThat(cli.run("secrets", "backup", "--out", file.toString(), "--kdf", "minimum",
        "--backup-passphrase-file", backupPass.toString()).exit()).isZero();

    Cli.Result wrong = restore(cli, file, home.resolve("r1"));
    Cli.Result right = restore(cli, file, home.resolve("r2"), "--backup-passphrase-file", backupPass.toString());

    assertThat(wrong.exit()).isEqualTo(6);
    assertThat(Files.exists(home.resolve("r1"))).isFalse();
    assertThat(right.exit()).as(right.err()).isZero();
    assertThat(cli.run("secrets", "get", "db/password", "--store", home.resolve("r2").toString()).out()).isEqualTo("db");
  }

  @Test
  void restore_wrongPassphrase_accessDeniedAndNoStore() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = backup(cli);
    Path wrongPass = home.resolve("wrong");
    Files.writeString(wrongPass, "not the passphrase\n");

    Cli.Result r = restore(cli, file, home.resolve("restored"), "--passphrase-file", wrongPass.toString());

    assertThat(r.exit()).isEqualTo(6);
    assertThat(Files.exists(home.resolve("restored"))).isFalse();
    assertThat(r.err()).doesNotContain(CANARY);
  }

  @Test
  void restore_flippedByte_integrityFailureAndNoStore() throws Exception {
    Cli cli = storeWithSecrets();
    byte[] bytes = Files.readAllBytes(backup(cli));
    bytes[bytes.length / 2] ^= 0x01;
    Path tampered = Files.write(home.resolve("tampered.stbk"), bytes);

    Cli.Result r = restore(cli, tampered, home.resolve("restored"));

    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("integrity check failed").doesNotContain(CANARY);
    assertThat(Files.exists(home.resolve("restored"))).isFalse();
  }

  @Test
  void restore_truncatedBackup_integrityFailureAndTargetAsBefore() throws Exception {
    Cli cli = storeWithSecrets();
    byte[] bytes = Files.readAllBytes(backup(cli));
    Path truncated = Files.write(home.resolve("truncated.stbk"), Arrays.copyOf(bytes, bytes.length - 17));
    Path target = Files.createDirectory(home.resolve("restored"), PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));

    Cli.Result r = restore(cli, truncated, target);

    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).doesNotContain(CANARY);
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void restore_notABackup_integrityFailure() throws Exception {
    Cli cli = storeWithSecrets();
    Path junk = Files.writeString(home.resolve("junk"), "this is not a backup at all");

    Cli.Result r = restore(cli, junk, home.resolve("restored"));

    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("not a usable backup");
    assertThat(Files.exists(home.resolve("restored"))).isFalse();
  }

  @Test
  void restore_intoNonEmptyStore_conflictAndStoreUnchanged() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = backup(cli);
    cli.stdin("newer").run("secrets", "set", "app/other");

    Cli.Result r = cli.run("secrets", "restore", "--in", file.toString());

    assertThat(r.exit()).isEqualTo(4);
    assertThat(cli.run("secrets", "get", "app/other").out()).isEqualTo("newer");
  }

  @Test
  void restore_withoutIn_usage() throws Exception {
    assertThat(storeWithSecrets().run("secrets", "restore").exit()).isEqualTo(2);
  }

  @Test
  void backupAndRestore_stderrIsATerminal_drawAndClearAProgressBar() throws Exception {
    Cli cli = storeWithSecrets().terminal(new ScriptedTerminal(true));
    Path file = home.resolve("b.stbk");

    Cli.Result b = cli.run("secrets", "backup", "--out", file.toString());
    Cli.Result r = restore(cli, file, home.resolve("restored"));

    assertThat(b.err()).contains("\rbacking up [").contains("3/3 versions").contains("\rbacked up 2 secrets");
    assertThat(r.err()).contains("\rrestoring [");
  }

  @Test
  void backupAndRestore_stderrNotATerminalOrQuiet_drawNothing() throws Exception {
    Cli cli = storeWithSecrets();
    Path file = home.resolve("b.stbk");

    Cli.Result b = cli.run("secrets", "backup", "--out", file.toString());
    Cli.Result quiet = cli.terminal(new ScriptedTerminal(true)).run("secrets", "backup", "--out",
        home.resolve("c.stbk").toString(), "--quiet");

    assertThat(b.err()).doesNotContain("\r").doesNotContain("backing up [");
    assertThat(quiet.err()).isEmpty();
  }
}
