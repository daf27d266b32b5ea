package dev.sectools.cli.temp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class TempCommandTest {
  @SecureTempDir
  Path home;

  @Test
  void tempDir_printsPathOfPrivateDirectoryThatStays() throws Exception {
    Cli.Result r = Cli.in(home).run("temp", "dir", "--base", home.toString(), "--prefix", "job-");

    Path dir = Path.of(r.out().strip());
    assertThat(dir.getParent()).isEqualTo(home);
    assertThat(dir.getFileName().toString()).startsWith("job-");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
  }

  @Test
  void tempFile_suffix_createsEmpty0600File() throws Exception {
    Path file = Path.of(Cli.in(home).env("TMPDIR", home.toString()).run("temp", "file", "--suffix", ".json").out().strip());

    assertThat(file.toString()).endsWith(".json");
    assertThat(file).isEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void tempDir_rmOnExit_runsCommandWithPathThenRemovesIt() throws Exception {
    Cli.Result r = Cli.in(home).run("temp", "dir", "--base", home.toString(), "--rm-on-exit", "--",
        "sh", "-c", "echo \"$SECTOOLS_TEMP\"; mkdir \"$SECTOOLS_TEMP/sub\"; ln -s / \"$SECTOOLS_TEMP/sub/root-link\"; exit 5");

    assertThat(r.exit()).isEqualTo(5);
    assertThat(Path.of(r.out().strip())).doesNotExist();
    assertThat(Path.of("/")).isDirectory();
  }

  @Test
  void tempFile_rmOnExit_removesFile() {
    Cli.Result r = Cli.in(home).env("TMPDIR", home.toString()).run("temp", "file", "--rm-on-exit", "--",
        "sh", "-c", "echo data > \"$SECTOOLS_TEMP\"; echo \"$SECTOOLS_TEMP\"");

    assertThat(r.exit()).isZero();
    assertThat(Path.of(r.out().strip())).doesNotExist();
  }

  @Test
  void tempDir_rmOnExitWithoutCommand_exits2() {
    assertThat(Cli.in(home).run("temp", "dir", "--rm-on-exit").exit()).isEqualTo(2);
  }

  @Test
  void tempDir_baseOpenToOthersWithoutStickyBit_exits7() throws Exception {
    Path open = Files.createDirectory(home.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThat(Cli.in(home).run("temp", "dir", "--base", open.toString()).exit()).isEqualTo(7);
  }
}
