package dev.sectools.fs;

import dev.sectools.internal.fs.PathNamer;
import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One-call confined reads and writes, for code that touches a file once. Each call opens a
 * {@link ConfinedRoot} on the options' {@linkplain ReadOptions#baseDir() base directory} (the
 * system temp directory by default) or on the {@linkplain ReadOptions#allowedRoots() allowed
 * root} that contains an absolute path, and performs the operation through it with every
 * guarantee {@code ConfinedRoot} gives.
 *
 * <pre>{@code
 * byte[] token = SecureFiles.read("myapp/token");                       // beneath java.io.tmpdir
 * byte[] cfg = SecureFiles.read("/etc/myapp/app.json", ReadOptions.builder()
 *     .allowedRoots(List.of(Path.of("/etc/myapp")))
 *     .maxSizeBytes(1 << 20)
 *     .build());
 * SecureFiles.write("myapp/token", newToken, WriteOptions.defaults());   // 0600, atomic, durable
 * }</pre>
 *
 * <p>Code that touches several files in one directory should open a {@link ConfinedRoot} once
 * instead: it resolves the directory one time and keeps it.
 */
public final class SecureFiles {
  private SecureFiles() {}

  /** Reads a file with the {@linkplain ReadOptions#defaults() default options}. */
  public static byte[] read(String path) throws IOException {
    return read(path, ReadOptions.defaults());
  }

  /** Reads a file with the default options and the given cap. */
  public static byte[] readWithMaxSize(String path, long maxSizeBytes) throws IOException {
    return read(path, ReadOptions.builder().maxSizeBytes(maxSizeBytes).build());
  }

  /**
   * Reads a whole regular file.
   *
   * @param path relative to {@link ReadOptions#baseDir()}, or absolute inside one of
   *     {@link ReadOptions#allowedRoots()}
   * @throws PathEscapeException if the path is absolute and inside no allowed root, or leaves
   *     its root
   * @throws IOException as {@link ConfinedRoot#read(String, ReadOptions)} does
   */
  public static byte[] read(String path, ReadOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Target target = target(path, options.baseDir(), options.allowedRoots());
    try (ConfinedRoot root = ConfinedRoot.open(target.root())) {
      return root.read(target.path(), options);
    }
  }

  /**
   * Reads a whole regular file into a {@link SecureBuffer}, straight from the file into locked
   * native memory with no heap copy, under {@link MemoryPolicy#BEST_EFFORT}.
   *
   * @param path relative to {@link ReadOptions#baseDir()}, or absolute inside one of
   *     {@link ReadOptions#allowedRoots()}
   * @throws PathEscapeException if the path is absolute and inside no allowed root, or leaves
   *     its root
   * @throws IOException as {@link ConfinedRoot#readToBuffer(String, ReadOptions, MemoryPolicy)} does
   */
  public static SecureBuffer readToBuffer(String path, ReadOptions options) throws IOException {
    return readToBuffer(path, options, MemoryPolicy.BEST_EFFORT);
  }

  /** {@link #readToBuffer(String, ReadOptions)} under {@code policy}. */
  public static SecureBuffer readToBuffer(String path, ReadOptions options, MemoryPolicy policy)
      throws IOException {
    Objects.requireNonNull(options, "options");
    Target target = target(path, options.baseDir(), options.allowedRoots());
    try (ConfinedRoot root = ConfinedRoot.open(target.root())) {
      return root.readToBuffer(target.path(), options, policy);
    }
  }

  /**
   * Writes a secret atomically and durably from its native memory, with no heap copy; see
   * {@link ConfinedRoot#write(String, SecureBuffer, WriteOptions)}.
   *
   * @param path relative to {@link WriteOptions#baseDir()}, or absolute inside one of
   *     {@link WriteOptions#allowedRoots()}
   * @throws PathEscapeException if the path is absolute and inside no allowed root, or leaves
   *     its root
   */
  public static void write(String path, SecureBuffer data, WriteOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(data, "data");
    Target target = target(path, options.baseDir(), options.allowedRoots());
    try (ConfinedRoot root = ConfinedRoot.open(target.root())) {
      root.write(target.path(), data, options);
    }
  }

  /** Writes a file atomically with the {@linkplain WriteOptions#defaults() default options}. */
  public static void write(String path, byte[] data) throws IOException {
    write(path, data, WriteOptions.defaults());
  }

  /**
   * Writes a file atomically and durably; see {@link ConfinedRoot#write(String, byte[], WriteOptions)}.
   *
   * @param path relative to {@link WriteOptions#baseDir()}, or absolute inside one of
   *     {@link WriteOptions#allowedRoots()}
   * @throws PathEscapeException if the path is absolute and inside no allowed root, or leaves
   *     its root
   */
  public static void write(String path, byte[] data, WriteOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(data, "data");
    Target target = target(path, options.baseDir(), options.allowedRoots());
    try (ConfinedRoot root = ConfinedRoot.open(target.root())) {
      root.write(target.path(), data, options);
    }
  }

  private record Target(Path root, String path) {}

  // Absolute paths are matched against the allowed roots on the string, before any resolution;
  // the ConfinedRoot opened on the match then resolves the remainder beneath it.
  private static Target target(String path, Path baseDir, List<Path> allowedRoots)
      throws PathEscapeException {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/")) {
      return new Target(baseDir, path);
    }
    for (Path root : allowedRoots) {
      String prefix = root.toString().endsWith("/") ? root.toString() : root + "/";
      if (path.startsWith(prefix) && path.length() > prefix.length()) {
        return new Target(root, path.substring(prefix.length()));
      }
    }
    throw new PathEscapeException(new PathNamer(PathDisplay.REDACTED).show(path),
        allowedRoots.isEmpty()
            ? "absolute paths need an allowed root (ReadOptions/WriteOptions.allowedRoots)"
            : "absolute path inside no allowed root");
  }
}
