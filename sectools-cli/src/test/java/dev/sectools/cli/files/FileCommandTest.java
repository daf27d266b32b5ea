package dev.sectools.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileCommandTest {
  @SecureTempDir
  Path home;

  Path root;
  Cli cli;

  @BeforeEach
  void root() throws Exception {
    root = Files.createDirectory(home.resolve("root"));
    cli = Cli.in(home).env("SECTOOLS_ROOT", root.toString());
  }

  @Test
  void write_thenRead_roundTripsBytesWith0600() throws Exception {
    byte[] content = {1, 2, 3, 0, (byte) 0xff};

    assertThat(cli.stdin(content).run("file", "write", "keys/../x").exit()).isEqualTo(7);
    Files.createDirectory(root.resolve("keys"));
    Cli.Result w = cli.stdin(content).run("file", "write", "keys/api.key");

    assertThat(w.exit()).as(w.err()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("keys/api.key")))).isEqualTo("rw-------");
    assertThat(cli.run("file", "read", "keys/api.key").stdout()).containsExactly(content);
  }

  @Test
  void write_mode640_setsPermissions() throws Exception {
    cli.stdin("x").run("file", "write", "shared.conf", "--mode", "640");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("shared.conf")))).isEqualTo("rw-r-----");
  }

  @Test
  void write_createNewOverExisting_exits4AndKeepsOld() throws Exception {
    Files.writeString(root.resolve("f"), "old");

    assertThat(cli.stdin("new").run("file", "write", "f", "--create-new").exit()).isEqualTo(4);
    assertThat(Files.readString(root.resolve("f"))).isEqualTo("old");
  }

  @Test
  void write_overSizeLimit_exits7AndKeepsOld() throws Exception {
    Files.writeString(root.resolve("f"), "old");

    assertThat(cli.stdin("0123456789").run("file", "write", "f", "--max-size", "4").exit()).isEqualTo(7);
    assertThat(Files.readString(root.resolve("f"))).isEqualTo("old");
  }

  @Test
  void read_symlinkToOutside_exits7() throws Exception {
    Files.writeString(home.resolve("secret"), "outside");
    Files.createSymbolicLink(root.resolve("link"), home.resolve("secret"));

    Cli.Result r = cli.run("file", "read", "link");

    assertThat(r.exit()).isEqualTo(7);
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void read_symlinkInsideWithFollow_readsTarget() throws Exception {
    Files.writeString(root.resolve("target"), "inside");
    Files.createSymbolicLink(root.resolve("link"), Path.of("target"));

    assertThat(cli.run("file", "read", "link").exit()).isEqualTo(7);
    assertThat(cli.run("file", "read", "link", "--symlinks", "follow").out()).isEqualTo("inside");
  }

  @Test
  void read_dotDotBeneath_allowedInsideRoot() throws Exception {
    Files.createDirectory(root.resolve("a"));
    Files.writeString(root.resolve("b"), "b");

    assertThat(cli.run("file", "read", "a/../b").exit()).isEqualTo(7);
    assertThat(cli.run("file", "read", "a/../b", "--dotdot", "beneath").out()).isEqualTo("b");
  }

  @Test
  void read_hardLinkedFileWithRefuse_exits7() throws Exception {
    Files.writeString(root.resolve("a"), "a");
    Files.createLink(root.resolve("b"), root.resolve("a"));

    assertThat(cli.run("file", "read", "b", "--hardlinks", "refuse").exit()).isEqualTo(7);
  }

  @Test
  void read_missingFile_exits3() {
    assertThat(cli.run("file", "read", "nothing-here").exit()).isEqualTo(3);
  }

  @Test
  void read_noRoot_exits2() {
    Cli.Result r = cli.unset("SECTOOLS_ROOT").run("file", "read", "x");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--root");
  }
}
