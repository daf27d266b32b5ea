package dev.sectools.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups others ({@code sectools secrets}, {@code cache}, {@code agent}, …):
 * it takes {@code --help}, and run alone it is a usage error (exit code 2) saying what is needed.
 */
public abstract class GroupCommand implements Runnable {
  private final String needed;

  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /**
   * A group whose usage error, when run alone, is {@code needed}.
   *
   * @param needed what the user must add, for example {@code "'dir' or 'file' is needed"}
   */
  protected GroupCommand(String needed) {
    this.needed = needed;
  }

  @Override
  public final void run() {
    throw new ParameterException(spec.commandLine(), needed);
  }
}
