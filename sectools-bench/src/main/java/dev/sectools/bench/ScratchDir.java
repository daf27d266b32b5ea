package dev.sectools.bench;

import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh, owner-only directory for one benchmark trial ({@link SecureTemp}), removed with
 * everything in it, never following a link, on {@link #close()}.
 *
 * <p>It is made under the directory named by the system property {@value #BASE_DIR_PROPERTY},
 * else under {@code java.io.tmpdir}. Point it at a disk-backed file system when {@code /tmp} is a
 * tmpfs: there {@code fsync} costs nothing and the write benchmark would measure nothing real.
 */
final class ScratchDir implements AutoCloseable {
  /** The system property that chooses where scratch directories are made. */
  static final String BASE_DIR_PROPERTY = "sectools.bench.dir";

  private final TempDirectory dir;

  private ScratchDir(TempDirectory dir) {
    this.dir = dir;
  }

  /** Creates a new directory whose name starts with {@code prefix}. */
  static ScratchDir create(String prefix) throws IOException {
    String base = System.getProperty(BASE_DIR_PROPERTY, System.getProperty("java.io.tmpdir"));
    Path baseDir = Path.of(base).toAbsolutePath();
    Files.createDirectories(baseDir);
    return new ScratchDir(SecureTemp.createDirectory(prefix, TempOptions.builder().baseDirectory(baseDir).build()));
  }

  /** The directory's absolute path. */
  Path path() {
    return dir.path();
  }

  /** Removes the directory and its contents, never following a link out of it. */
  @Override
  public void close() throws IOException {
    dir.close();
  }
}
