package dev.sectools.cli.files;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
import dev.sectools.memory.SecureBuffer;
import java.io.OutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sectools file read PATH --root DIR}: prints a confined file's bytes. */
@Command(name = "read",
    header = "Print a file inside --root, byte for byte.",
    description = {"Only regular files are read (a FIFO or device is refused without blocking),",
        "through secure memory. Refused paths exit with code 7, missing files with 3."})
public final class FileReadCommand extends SectoolsCommand {
  @Mixin
  private PolicyOptions policy;

  @Parameters(index = "0", paramLabel = "PATH", description = "The file, relative to --root.")
  private String path;

  /** For picocli. */
  public FileReadCommand() {}

  @Override
  public Integer call() throws Exception {
    ReadOptions.Builder b = ReadOptions.builder()
        .symlinkPolicy(policy.symlinkPolicy())
        .dotDotPolicy(policy.dotDotPolicy())
        .hardLinkPolicy(policy.hardLinkPolicy());
    if (policy.maxSize != null) {
      b.maxSizeBytes(policy.maxSize);
    }
    try (ConfinedRoot root = policy.open(); SecureBuffer content = root.readToBuffer(path, b.build())) {
      OutputStream out = env().out();
      content.writeTo(out);
      out.flush();
    }
    return 0;
  }
}
