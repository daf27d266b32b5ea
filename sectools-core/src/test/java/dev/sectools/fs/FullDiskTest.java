package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real full disk: a 256 KiB tmpfs mounted for the test (needs root, as in CI; skipped with a
 * printed reason elsewhere). A write that runs out of space fails with a clear error, and the old
 * content and the directory listing are exactly as before.
 */
class FullDiskTest {
  @TempDir Path tmp;
  Path mount;

  static Resolution[] modes() {
    return TestRoots.confining();
  }

  @BeforeEach
  void mountTinyTmpfs() throws Exception {
    mount = Files.createDirectory(tmp.resolve("tiny"));
    int rc = run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", mount.toString());
    if (rc != 0) {
      System.out.println("FullDiskTest skipped: cannot mount a tmpfs here (needs root; CI runs it)");
    }
    Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (needs root; CI runs it)");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", mount.toString());
    }
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_diskFull_failsClearlyAndKeepsOldContent(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(mount, mode)) {
      root.write("f", "old content".getBytes(UTF_8));
      byte[] big = new byte[1024 * 1024];
      assertThatThrownBy(() -> root.write("f", big))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("no space left on device");
      assertThat(root.read("f")).asString(UTF_8).isEqualTo("old content");
      assertThat(TestRoots.tree(mount)).containsExactly("f");

      assertThatThrownBy(() -> root.append("f", big, WriteOptions.defaults()))
          .isInstanceOf(FileSystemException.class)
          .hasMessageContaining("no space left on device");
      // Space is back once the partial append is gone; a normal write works again.
      root.delete("f");
      root.write("f", "new".getBytes(UTF_8));
      assertThat(root.read("f")).asString(UTF_8).isEqualTo("new");
    }
  }
}
