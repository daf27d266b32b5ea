package dev.sectools.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The base of every verb: access to the {@link CliEnvironment} and the global options of the
 * {@link Sectools} root. Each verb is one subclass whose {@link #call()} returns an exit code.
 */
public abstract class SectoolsCommand implements Callable<Integer> {
  /** Injected by picocli: this command's model. */
  @Spec
  protected CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For subclasses. */
  protected SectoolsCommand() {}

  /** The root command, holding the environment and global options. */
  protected final Sectools root() {
    return (Sectools) spec.root().userObject();
  }

  /** The environment this run works in. */
  protected final CliEnvironment env() {
    return root().environment();
  }

  /** Standard output as text. */
  protected final PrintWriter out() {
    return env().outWriter();
  }

  /**
   * Tells the user something on standard error, unless {@code --quiet}. Never a secret value.
   */
  protected final void info(String line) {
    if (!root().quiet()) {
      env().errWriter().println(line);
    }
  }

  /** Writes {@code text} to standard error as it is (no line end) and flushes: for progress bars. */
  protected final void draw(String text) {
    env().errWriter().print(text);
    env().errWriter().flush();
  }

  /**
   * Whether a progress bar may be drawn: standard error is a terminal and {@code --quiet} was
   * not given. On a pipe or in a log nothing is drawn at all.
   */
  protected final boolean showProgress() {
    return env().terminal().stderrIsTerminal() && !root().quiet();
  }

  /** Warns on standard error, even under {@code --quiet}. Never a secret value. */
  protected final void warn(String line) {
    env().errWriter().println("sectools: warning: " + line);
  }

  /** A usage error (exit code 2) for this command. */
  protected final CliException usage(String message) {
    return new CliException(ExitCode.USAGE, message + "; see '" + spec.qualifiedName() + " --help'");
  }
}
