package dev.sectools.cli;

import dev.sectools.cli.internal.StderrLogging;
import dev.sectools.cli.secrets.AgentRouting;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code sectools}: the command line's root and entry point.
 *
 * <pre>{@code
 * int status = Sectools.run(CliEnvironment.system(), "secrets", "get", "app/db-password");
 * }</pre>
 *
 * <p>Global options ({@code --verbose}, {@code --quiet}, {@code --stacktrace}, {@code --config})
 * may be given before or after the subcommand. Exit codes are the contract of {@link ExitCode}.
 */
@Command(name = "sectools",
    mixinStandardHelpOptions = true,
    versionProvider = Sectools.Version.class,
    header = "Handle secrets and sensitive files safely.",
    description = {
        "Secrets in an encrypted, versioned store; secrets handed to a program without a plaintext",
        "config file; files read and written confined to a directory; private temp files; a cache",
        "of files verified by SHA-256 whenever they are used.",
        "Exit codes: 0 ok, 1 internal error, 2 usage, 3 not found, 4 conflict, 5 integrity failure,",
        "6 access denied, 7 policy refused, 8 expired."},
    synopsisSubcommandLabel = "COMMAND")
public final class Sectools implements Runnable {
  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Explain errors in more detail (the chain of causes).")
  private boolean verbose;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
      description = "Print nothing but results and errors.")
  private boolean quiet;

  @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error (for bug reports).")
  private boolean stacktrace;

  @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Defaults file (key=value); else $SECTOOLS_CONFIG, else $XDG_CONFIG_HOME/sectools/config.")
  private String config;

  @Spec
  private CommandSpec spec;

  private final CliEnvironment environment;

  /** A root for this process's own environment (used by man page and completion generators). */
  public Sectools() {
    this(CliEnvironment.system());
  }

  /** A root working in {@code environment}. */
  public Sectools(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  /** Runs {@code sectools} in this process and exits with its status. */
  public static void main(String[] args) {
    CliEnvironment env = CliEnvironment.system();
    StderrLogging.install(System.err, verboseRequested(env, args));
    System.exit(run(env, args));
  }

  /** {@code -v}, {@code --verbose} or {@code SECTOOLS_VERBOSE=true}, before the options are parsed. */
  private static boolean verboseRequested(CliEnvironment env, String[] args) {
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("-v") || a.equals("--verbose")) {
        return true;
      }
    }
    return env.variable("SECTOOLS_VERBOSE").map("true"::equalsIgnoreCase).orElse(false);
  }

  /**
   * Runs one command line in {@code env} and returns its exit code; never throws for a failure
   * of the command (it is reported on the environment's standard error).
   */
  public static int run(CliEnvironment env, String... args) {
    Sectools root = new Sectools(env);
    ErrorHandler errors = new ErrorHandler(env, root);
    ConfigDefaults defaults;
    try {
      defaults = ConfigDefaults.load(env, args);
    } catch (IOException | RuntimeException e) {
      return errors.report(e);
    }
    CommandLine cmd = commandLine(root, defaults, java.util.Arrays.asList(args));
    cmd.setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors)
        .setExitCodeExceptionMapper(errors);
    int status = cmd.execute(args);
    if (env.outputFailed() && status == ExitCode.OK.code()) {
      env.errWriter().println("sectools: " + CliEnvironment.OUTPUT_LOST);
      return ExitCode.INTERNAL.code();
    }
    return status;
  }

  /**
   * The whole command tree, for documentation and completion generators.
   */
  public static CommandLine fullCommandLine() {
    CommandLine cmd = new CommandLine(new Sectools());
    CommandTree.addAll(cmd);
    HelpText.layOut(cmd);
    return cmd;
  }

  /**
   * The commands {@code args} need (see {@link CommandTree}) with the settings every run uses;
   * {@code defaults} may be {@code null}.
   */
  static CommandLine commandLine(Sectools root, ConfigDefaults defaults, java.util.List<String> args) {
    CommandLine cmd = new CommandLine(root);
    CommandTree.addFor(cmd, args);
    HelpText.layOut(cmd);
    CliEnvironment env = root.environment;
    cmd.setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(env.outWriter())
        .setErr(env.errWriter())
        .setUsageHelpAutoWidth(true)
        .setExecutionStrategy(new AgentRouting(env));
    if (env.workingDirectory().isPresent()) { // run by an agent: the client's relative paths
      cmd.registerConverter(Path.class, env::resolve);
    }
    if (defaults != null) {
      cmd.setDefaultValueProvider(defaults);
    }
    stopAtPositional(cmd);
    return cmd;
  }

  /** Commands that run another program take everything after their first argument as its own. */
  private static void stopAtPositional(CommandLine cmd) {
    if (cmd.getCommandSpec().userObject() instanceof RunsProgram) {
      cmd.setStopAtPositional(true);
    }
    cmd.getSubcommands().values().forEach(Sectools::stopAtPositional);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is needed, such as 'sectools secrets get PATH'");
  }

  /** The environment this run works in. */
  public CliEnvironment environment() {
    return environment;
  }

  /** Whether {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }

  /** Whether {@code --quiet} was given. */
  public boolean quiet() {
    return quiet;
  }

  /** Whether {@code --stacktrace} was given. */
  public boolean stacktrace() {
    return stacktrace;
  }

  /** Marks a command whose trailing arguments are a program and its arguments. */
  public interface RunsProgram {}

  /** Reads the version from the jar's resources. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Sectools.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"sectools " + p.getProperty("version", "unknown"),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
  }
}
