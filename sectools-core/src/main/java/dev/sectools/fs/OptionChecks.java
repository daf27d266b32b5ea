package dev.sectools.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the option builders; messages name the rule and the bad value. */
final class OptionChecks {
  private OptionChecks() {}

  static Path absolute(Path dir, String name) {
    Objects.requireNonNull(dir, name);
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException(name + " must be an absolute path, was " + dir);
    }
    return dir.normalize();
  }

  static List<Path> absoluteAll(List<Path> roots) {
    Objects.requireNonNull(roots, "allowedRoots");
    return roots.stream().map(r -> absolute(r, "allowedRoots element")).toList();
  }

  static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }
}
