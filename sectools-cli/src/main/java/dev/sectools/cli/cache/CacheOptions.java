package dev.sectools.cli.cache;

import dev.sectools.cache.CacheConfig;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Which cache a command works on: {@code --cache-dir}, else {@code $SECTOOLS_CACHE_DIR}, else
 * {@code cache-dir=} in the config file, else {@code $XDG_CACHE_HOME/sectools}
 * ({@code ~/.cache/sectools}). The other {@code SECTOOLS_CACHE_*} variables (size limit, time to
 * live) are read by the cache module; those that would make a cache last one process only
 * (memory, ephemeral, encryption with a key of its own) are refused.
 */
public final class CacheOptions {
  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "The cache directory. Default: $SECTOOLS_CACHE_DIR, else cache-dir= in the config file, "
          + "else $XDG_CACHE_HOME/sectools (~/.cache/sectools).")
  Path cacheDir;

  /** For picocli. */
  public CacheOptions() {}

  /**
   * Opens the persistent cache.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if the environment asks for a cache that would
   *     not outlive this command, or no directory can be found
   * @throws IllegalArgumentException if a {@code SECTOOLS_CACHE_*} variable is invalid
   * @throws dev.sectools.temp.InsecureDirectoryException if the directory is a link, another
   *     user's, or open to group or others
   */
  VerifiedCache open(CliEnvironment env) throws IOException, GeneralSecurityException {
    return VerifiedCache.open(config(env));
  }

  /** The configuration {@link #open} uses. */
  CacheConfig config(CliEnvironment env) {
    // What the variables ask for, before a directory makes the builder refuse a contradiction.
    Map<String, String> withoutDir = new HashMap<>(env.variables());
    withoutDir.remove("SECTOOLS_CACHE_DIR");
    CacheConfig probe = CacheConfig.fromEnvironment(withoutDir).build();
    if (probe.backend() == CacheConfig.Backend.MEMORY) {
      throw refused("SECTOOLS_CACHE_BACKEND=memory");
    }
    if (probe.mode() == CacheConfig.Mode.EPHEMERAL && env.variable("SECTOOLS_CACHE_EPHEMERAL").isPresent()) {
      throw refused("SECTOOLS_CACHE_EPHEMERAL=true");
    }
    if (probe.encryption() != CacheConfig.Encryption.NONE) {
      throw refused("SECTOOLS_CACHE_ENCRYPTION (each run would have a key of its own)");
    }
    return CacheConfig.fromEnvironment(env.variables()).mode(CacheConfig.Mode.PERSISTENT)
        .directory(directory(env)).build();
  }

  /** The cache directory, absolute. */
  Path directory(CliEnvironment env) {
    if (cacheDir != null) {
      return cacheDir.toAbsolutePath();
    }
    Optional<Path> base = env.variable("XDG_CACHE_HOME").map(Path::of).filter(Path::isAbsolute)
        .or(() -> env.home().map(h -> h.resolve(".cache")));
    return base.orElseThrow(() -> new CliException(ExitCode.USAGE,
        "no cache directory: neither XDG_CACHE_HOME nor HOME is set; give --cache-dir DIR"))
        .resolve("sectools").toAbsolutePath();
  }

  private static CliException refused(String setting) {
    return new CliException(ExitCode.USAGE, setting + " makes a cache that ends with the command; "
        + "the command line uses the persistent cache: unset it");
  }
}
