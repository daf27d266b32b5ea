package dev.sectools.cli.cache;

import dev.sectools.cache.CacheConfig;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Failures;
import dev.sectools.temp.InsecureDirectoryException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which cache a command works on: {@code --cache-dir}, else {@code $SECTOOLS_CACHE_DIR}, else
 * {@code cache-dir=} in the config file, else {@code $XDG_CACHE_HOME/sectools}
 * ({@code ~/.cache/sectools}). The other {@code SECTOOLS_CACHE_*} variables (size limit, time to
 * live) are read by the cache module; those that would make a cache last one process only
 * (memory, ephemeral, encryption with a key of its own) are refused.
 */
public final class CacheOptions {
  private static final String DIR_VARIABLE = "SECTOOLS_CACHE_DIR";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "The cache directory. Default: $SECTOOLS_CACHE_DIR, else cache-dir= in the config file "
          + "(both absolute paths), else $XDG_CACHE_HOME/sectools (~/.cache/sectools).")
  Path cacheDir;

  /** For picocli. */
  public CacheOptions() {}

  /**
   * Opens the persistent cache.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if the environment asks for a cache that would
   *     not outlive this command, or no directory can be found
   * @throws IllegalArgumentException if a {@code SECTOOLS_CACHE_*} variable is invalid
   * @throws CliException ({@link ExitCode#POLICY}) if the directory is a link, another user's, or
   *     open to group or others
   */
  VerifiedCache open(CliEnvironment env) throws IOException, GeneralSecurityException {
    return open(config(env));
  }

  /** Opens the persistent cache {@code config} describes (made by {@link #config}). */
  VerifiedCache open(CacheConfig config) throws IOException, GeneralSecurityException {
    try {
      return VerifiedCache.open(config);
    } catch (InsecureDirectoryException e) {
      throw refusedDirectory(config.directory(), e);
    }
  }

  /** Why the cache directory was refused and what the user can do, naming the directory. */
  private static CliException refusedDirectory(Path dir, InsecureDirectoryException e) {
    String shown = Failures.quoted(dir.toString());
    String why = switch (e.problem()) {
      case SYMLINK -> "is a symbolic link, which is never followed; name the directory it points to";
      case NOT_A_DIRECTORY -> "exists and is not a directory; choose another";
      case FOREIGN_OWNER -> "belongs to another user; use one of your own";
      case GROUP_OR_OTHER_ACCESS, WRITABLE_WITHOUT_STICKY_BIT ->
          "is open to group or others; make it private with 'chmod 700 " + dir + "', or choose another";
    };
    return new CliException(ExitCode.POLICY, "refused: the cache directory " + shown + " " + why
        + " with --cache-dir or SECTOOLS_CACHE_DIR", e);
  }

  /** The configuration {@link #open} uses. */
  CacheConfig config(CliEnvironment env) {
    // The directory is chosen by directory(), the command line first; the variables say the rest.
    Map<String, String> withoutDir = new HashMap<>(env.variables());
    withoutDir.remove(DIR_VARIABLE);
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
    return CacheConfig.fromEnvironment(withoutDir).mode(CacheConfig.Mode.PERSISTENT)
        .directory(directory(env)).build();
  }

  /**
   * The cache directory, absolute. {@code --cache-dir} on the command line may be relative to the
   * working directory; {@code SECTOOLS_CACHE_DIR} and {@code cache-dir=} in the config file, which
   * hold for every directory a command is run in, must be absolute.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if the variable or the config file names a
   *     relative directory, or no directory can be found
   */
  Path directory(CliEnvironment env) {
    if (cacheDir != null && mixee.commandLine().getParseResult().hasMatchedOption("--cache-dir")) {
      return env.resolve(cacheDir.toString()).toAbsolutePath();
    }
    Optional<String> variable = env.variable(DIR_VARIABLE);
    if (variable.isPresent()) {
      String dir = variable.get().strip();
      return absolute(dir, DIR_VARIABLE + "=" + Failures.quoted(dir));
    }
    if (cacheDir != null) { // the only other source of its default: the config file
      return absolute(cacheDir.toString(), "cache-dir=" + Failures.quoted(cacheDir.toString()) + " in the config file");
    }
    Optional<Path> base = env.variable("XDG_CACHE_HOME").map(Path::of).filter(Path::isAbsolute)
        .or(() -> env.home().map(h -> h.resolve(".cache")));
    return base.orElseThrow(() -> new CliException(ExitCode.USAGE,
        "no cache directory: neither XDG_CACHE_HOME nor HOME is set; give --cache-dir DIR"))
        .resolve("sectools").toAbsolutePath();
  }

  private static Path absolute(String dir, String setting) {
    Path p = Path.of(dir);
    if (!p.isAbsolute()) {
      throw new CliException(ExitCode.USAGE, setting + " is not an absolute path (it would name another "
          + "directory in each directory a command runs in); make it absolute, or give --cache-dir DIR");
    }
    return p;
  }

  private static CliException refused(String setting) {
    return new CliException(ExitCode.USAGE, setting + " makes a cache that ends with the command; "
        + "the command line uses the persistent cache: unset it");
  }
}
