package dev.sectools.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults for options not given on the command line: first the environment variable
 * {@code SECTOOLS_<OPTION>} (for example {@code SECTOOLS_STORE} for {@code --store}), then the
 * config file. Only the options in {@link #KEYS} take defaults this way; the config file may hold
 * nothing else, and never a passphrase.
 *
 * <p>The config file is {@code --config FILE}, else {@code $SECTOOLS_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/sectools/config} ({@code ~/.config/sectools/config}) if it exists. It is
 * a Java properties file: {@code key=value} lines, {@code #} comments.
 */
public final class ConfigDefaults implements IDefaultValueProvider {
  /** The options that take defaults from the environment and the config file. */
  public static final Set<String> KEYS = Set.of("store", "db-url", "db-password-file", "passphrase-file",
      "busy-timeout", "root", "verbose", "quiet", "mask", "idle-timeout", "cache-dir");

  private final CliEnvironment env;
  private final Properties config;

  private ConfigDefaults(CliEnvironment env, Properties config) {
    this.env = env;
    this.config = config;
  }

  /**
   * Loads the defaults for a run with {@code args}.
   *
   * @throws CliException ({@link ExitCode#USAGE}) if a config file named explicitly is missing,
   *     or a config file holds an unknown key
   * @throws IOException if the config file cannot be read
   */
  static ConfigDefaults load(CliEnvironment env, String[] args) throws IOException {
    Optional<String> explicit = explicitConfig(args).or(() -> env.variable("SECTOOLS_CONFIG"));
    Properties props = new Properties();
    Path file;
    if (explicit.isPresent()) {
      file = env.resolve(explicit.get());
    } else {
      Optional<Path> base = env.variable("XDG_CONFIG_HOME").map(Path::of)
          .or(() -> env.home().map(h -> h.resolve(".config")));
      if (base.isEmpty()) {
        return new ConfigDefaults(env, props);
      }
      file = base.get().resolve("sectools").resolve("config");
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(r);
    } catch (NoSuchFileException e) {
      if (explicit.isPresent()) {
        throw new CliException(ExitCode.USAGE, "config file not found: " + file
            + "; check --config or SECTOOLS_CONFIG", e);
      }
      return new ConfigDefaults(env, props);
    }
    Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new CliException(ExitCode.USAGE, "unknown key" + (unknown.size() > 1 ? "s " : " ") + unknown
          + " in config file " + file + "; known keys are " + new TreeSet<>(KEYS));
    }
    return new ConfigDefaults(env, props);
  }

  /** The value of {@code --config FILE} or {@code --config=FILE} before any {@code --}. */
  static Optional<String> explicitConfig(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--config") && i + 1 < args.length) {
        return Optional.of(args[i + 1]);
      }
      if (a.startsWith("--config=")) {
        return Optional.of(a.substring("--config=".length()));
      }
    }
    return Optional.empty();
  }

  /** The default of {@code key} from the environment, then the config file; {@code null} if none. */
  String lookup(String key) {
    String var = "SECTOOLS_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    return env.variable(var).orElseGet(() -> config.getProperty(key));
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      String key = option.longestName().replaceFirst("^--", "");
      if (KEYS.contains(key)) {
        return lookup(key);
      }
    }
    return null;
  }
}
