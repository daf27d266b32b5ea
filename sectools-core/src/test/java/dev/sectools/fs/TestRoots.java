package dev.sectools.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Shared set-up for the confined file tests: roots in every confining resolution mode. */
final class TestRoots {
  private TestRoots() {}

  /** The resolution modes that confine; every attack runs against each. */
  static Resolution[] confining() {
    return new Resolution[] {Resolution.OPENAT2, Resolution.DESCRIPTOR_WALK};
  }

  static ConfinedRoot open(Path dir, Resolution resolution) throws IOException {
    return ConfinedRoot.open(dir, RootOptions.builder()
        .resolution(resolution)
        .pathDisplay(PathDisplay.FULL)
        .build());
  }

  /** Creates a FIFO with the system's {@code mkfifo}. */
  static void mkfifo(Path path) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("mkfifo failed for " + path);
    }
  }

  /** Lists every name under {@code dir}, recursively, as relative strings. */
  static java.util.List<String> tree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}
