package dev.sectools.internal.temp;

import dev.sectools.internal.fs.PathNamer;
import dev.sectools.internal.linux.LibC;
import dev.sectools.temp.ExistingDirectoryPolicy;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Creates and removes temp entries on one platform: {@link LinuxTempEngine} with descriptors
 * where the libc bindings work, {@link JdkTempEngine} (macOS, Windows) elsewhere.
 */
public interface TempEngine {
  /** The engine for this platform. */
  static TempEngine forPlatform() {
    return LibC.isAvailable() ? LinuxTempEngine.SECURE : JdkTempEngine.INSTANCE;
  }

  /** Creates a private directory ({@code 0700}, or an owner-only ACL) with a fresh name in {@code base}. */
  TempHandle createDirectory(Path base, String prefix, String suffix, PathNamer namer) throws IOException;

  /** Creates a private file ({@code 0600}, or an owner-only ACL) with a fresh name in {@code base}. */
  TempHandle createFile(Path base, String prefix, String suffix, PathNamer namer) throws IOException;

  /** Creates {@code dir} (and missing parents) private, or checks/tightens an existing one. */
  void ensurePrivateDirectory(Path dir, ExistingDirectoryPolicy policy, PathNamer namer) throws IOException;
}
