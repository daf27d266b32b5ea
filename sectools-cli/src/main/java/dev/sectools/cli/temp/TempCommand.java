package dev.sectools.cli.temp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sectools temp dir|file}: private temp directories and files. */
@Command(name = "temp",
    header = "Create a private temp directory (0700) or file (0600) with an unguessable name.",
    description = {"Prints the path. With --rm-on-exit -- COMMAND ARGS..., runs COMMAND with the path",
        "in $SECTOOLS_TEMP and removes the directory or file when it exits (also on SIGTERM/SIGINT),",
        "never following links inside it."},
    synopsisSubcommandLabel = "COMMAND")
public final class TempCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For picocli. */
  public TempCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'dir' or 'file' is needed");
  }
}
