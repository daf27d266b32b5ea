package dev.sectools.cli.temp;

import dev.sectools.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sectools temp dir|file}: private temp directories and files. */
@Command(name = "temp",
    header = "Create a private temp directory (0700) or file (0600) with an unguessable name.",
    description = {"Prints the path. With --rm-on-exit -- COMMAND ARGS..., runs COMMAND with the path",
        "in $SECTOOLS_TEMP and removes the directory or file when it exits (also on SIGTERM/SIGINT),",
        "never following links inside it."},
    synopsisSubcommandLabel = "COMMAND")
public final class TempCommand extends GroupCommand {
  /** For picocli. */
  public TempCommand() {
    super("'dir' or 'file' is needed");
  }
}
