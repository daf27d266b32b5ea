package dev.sectools.cli.files;

import dev.sectools.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code sectools file read|write}: file I/O confined to a root directory. */
@Command(name = "file",
    header = "Read or write a file that can never be outside --root.",
    description = {"Paths are resolved by the kernel beneath --root (openat2 RESOLVE_BENEATH on Linux",
        "5.6+, else one component at a time with O_NOFOLLOW): '..', links and renames racing with",
        "the command cannot lead outside it. Refusals exit with code 7."},
    synopsisSubcommandLabel = "COMMAND")
public final class FileCommand extends GroupCommand {
  /** For picocli. */
  public FileCommand() {
    super("'read' or 'write' is needed");
  }
}
