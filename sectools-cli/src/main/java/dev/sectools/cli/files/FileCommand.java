package dev.sectools.cli.files;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sectools file read|write}: file I/O confined to a root directory. */
@Command(name = "file",
    header = "Read or write a file that can never be outside --root.",
    description = {"Paths are resolved by the kernel beneath --root (openat2 RESOLVE_BENEATH on Linux",
        "5.6+, else one component at a time with O_NOFOLLOW): '..', links and renames racing with",
        "the command cannot lead outside it. Refusals exit with code 7."},
    synopsisSubcommandLabel = "COMMAND")
public final class FileCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For picocli. */
  public FileCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'read' or 'write' is needed");
  }
}
