package dev.sectools.temp;

import dev.sectools.fs.PathDisplay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Shared helpers for the secure temp tests: real stat, real chown, real child processes. */
final class TempTesting {
  private TempTesting() {}

  static TempOptions in(Path base) {
    return TempOptions.builder().baseDirectory(base).pathDisplay(PathDisplay.FULL).build();
  }

  /** The permission bits as {@code stat} reports them, without following a link. */
  static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a command and fails unless it exits 0. */
  static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  /** Whether a command exits 0. */
  static boolean succeeds(String... cmd) {
    try {
      run(cmd);
      return true;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Every name under {@code dir}, recursively, relative and sorted. */
  static List<String> tree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
