package dev.sectools.secrets.keys;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Parts of the machine a test needs. Missing outside CI: the test is skipped with the reason
 * printed. Missing in CI ({@code CI=true}): the test fails, so CI never skips silently.
 */
final class Requirements {
  private Requirements() {}

  /** The absolute path of {@code tool} on the PATH; skips or fails if there is none. */
  static Path tool(String tool, String debianPackage) {
    return onPath(tool).orElseGet(() -> {
      missing(tool + " is not installed (Debian package " + debianPackage + ")");
      throw new AssertionError("unreachable");
    });
  }

  /** The first of {@code candidates} that is a file; skips or fails if none is. */
  static Path file(List<Path> candidates, String what) {
    return candidates.stream().filter(Files::isRegularFile).findFirst().orElseGet(() -> {
      missing(what + " is not installed (looked at " + candidates + ")");
      throw new AssertionError("unreachable");
    });
  }

  /** Skips or fails unless {@code condition}. */
  static void require(boolean condition, String reason) {
    if (!condition) {
      missing(reason);
    }
  }

  static Optional<Path> onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private static void missing(String reason) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI must provide this, but " + reason + " (see .ci/run)");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }
}
