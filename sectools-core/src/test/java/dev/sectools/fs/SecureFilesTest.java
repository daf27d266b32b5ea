package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureFilesTest {
  @TempDir Path dir;

  @Test
  void writeThenRead_relativeToBaseDir_roundTripsPrivately() throws IOException {
    WriteOptions w = WriteOptions.builder().baseDir(dir).build();
    SecureFiles.write("token", "abc".getBytes(UTF_8), w);
    assertThat(SecureFiles.read("token", ReadOptions.builder().baseDir(dir).build()))
        .asString(UTF_8).isEqualTo("abc");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("token"))))
        .isEqualTo("rw-------");
  }

  @Test
  void read_defaultBaseDir_isSystemTempDirectory() throws IOException {
    Path f = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "sectools", ".txt");
    try {
      Files.writeString(f, "tmp");
      assertThat(SecureFiles.read(f.getFileName().toString())).asString(UTF_8).isEqualTo("tmp");
      assertThat(ReadOptions.defaults().baseDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    } finally {
      Files.delete(f);
    }
  }

  @Test
  void read_traversal_isRejected() {
    ReadOptions opts = ReadOptions.builder().baseDir(dir).build();
    assertThatThrownBy(() -> SecureFiles.read("../etc/passwd", opts)).isInstanceOf(PathEscapeException.class);
    assertThatThrownBy(() -> SecureFiles.read("a/../../x", opts)).isInstanceOf(PathEscapeException.class);
  }

  @Test
  void read_absolutePath_onlyInsideAnAllowedRoot() throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    assertThatThrownBy(() -> SecureFiles.read(dir.resolve("f").toString()))
        .isInstanceOf(PathEscapeException.class)
        .hasMessageContaining("allowed root")
        .hasMessageNotContaining(dir.toString());
    ReadOptions allowed = ReadOptions.builder().allowedRoots(List.of(dir)).build();
    assertThat(SecureFiles.read(dir.resolve("f").toString(), allowed)).hasSize(1);
    assertThatThrownBy(() -> SecureFiles.read("/etc/hostname", allowed)).isInstanceOf(PathEscapeException.class);
    assertThatThrownBy(() -> SecureFiles.read(dir + "/../x", allowed)).isInstanceOf(PathEscapeException.class);
  }

  @Test
  void readWithMaxSize_overCap_throws() throws IOException {
    Path f = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "sectools", ".bin");
    try {
      Files.write(f, new byte[11]);
      assertThatThrownBy(() -> SecureFiles.readWithMaxSize(f.getFileName().toString(), 10))
          .isInstanceOf(SizeLimitExceededException.class);
      assertThat(SecureFiles.readWithMaxSize(f.getFileName().toString(), 11)).hasSize(11);
    } finally {
      Files.delete(f);
    }
  }

  @Test
  void options_invalidArguments_throwNamingRuleAndValue() {
    assertThatThrownBy(() -> ReadOptions.builder().maxSizeBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive").hasMessageContaining("0");
    assertThatThrownBy(() -> ReadOptions.builder().baseDir(Path.of("relative")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
    assertThatThrownBy(() -> WriteOptions.builder().permissions(PosixFilePermissions.fromString("r--------")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OWNER_WRITE");
    assertThat(WriteOptions.defaults().toString()).contains("rw-------", "FILE_AND_DIRECTORY", "REPLACE");
    assertThat(WriteOptions.defaults().toBuilder().build().toString()).isEqualTo(WriteOptions.defaults().toString());
    assertThat(ReadOptions.defaults().toBuilder().build().toString()).isEqualTo(ReadOptions.defaults().toString());
  }
}
