package dev.sectools.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.temp.TempDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The extension as users meet it: fields and parameters, each a private directory of its own. */
class SecureTempDirTest {
  @SecureTempDir Path dir;
  @SecureTempDir(prefix = "named-") TempDirectory scratch;
  Path fromBeforeEach;

  static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0777;
  }

  @BeforeEach
  void setUp(@SecureTempDir Path setUpDir) {
    fromBeforeEach = setUpDir;
  }

  @Test
  void field_path_isPrivateEmptyDirectory() throws IOException {
    assertThat(dir).isDirectory().isEmptyDirectory();
    assertThat(mode(dir)).isEqualTo(0700);
    assertThat(dir.getFileName().toString()).startsWith("junit-");
  }

  @Test
  void field_tempDirectory_givesConfinedRootAndPrefix() throws IOException {
    scratch.root().write("entry", "v".getBytes(StandardCharsets.UTF_8));
    assertThat(scratch.path().resolve("entry")).hasContent("v");
    assertThat(scratch.path().getFileName().toString()).startsWith("named-");
  }

  @Test
  void parameter_path_distinctFromFieldsAndBeforeEach(@SecureTempDir Path param) throws IOException {
    assertThat(mode(param)).isEqualTo(0700);
    assertThat(param).isNotEqualTo(dir).isNotEqualTo(fromBeforeEach).isNotEqualTo(scratch.path());
    assertThat(fromBeforeEach).isDirectory();
  }
}
