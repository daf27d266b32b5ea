package dev.sectools.cli.files;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.Durability;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools file write PATH --root DIR}: writes standard input to a confined file, atomically. */
@Command(name = "write",
    header = "Write standard input to a file inside --root, atomically and durably.",
    description = {"Temp file in the same directory (0600, O_EXCL) -> write -> fsync -> rename ->",
        "fsync of the directory: readers see the old or the new content, never a mix, and a failed",
        "write leaves the old file intact. Exit code 4 with --create-new if the file exists."})
public final class FileWriteCommand extends SectoolsCommand {
  /** {@code --durability}. */
  enum DurabilityOption {
    /** No fsync. */
    NONE,
    /** fsync the file. */
    FILE,
    /** fsync the file and its directory (default). */
    FULL
  }

  @Mixin
  private PolicyOptions policy;

  @Parameters(index = "0", paramLabel = "PATH", description = "The file, relative to --root.")
  private String path;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "600",
      description = "Permissions of the file, in octal: 600 (default), 640, 644.")
  private String mode;

  @Option(names = "--create-new", description = "Refuse if the file exists (exit code 4).")
  private boolean createNew;

  @Option(names = "--durability", paramLabel = "LEVEL", defaultValue = "full",
      description = "none, file (fsync the file) or full (and its directory; default).")
  private DurabilityOption durability;

  /** For picocli. */
  public FileWriteCommand() {}

  @Override
  public Integer call() throws Exception {
    WriteOptions.Builder b = WriteOptions.builder()
        .symlinkPolicy(policy.symlinkPolicy())
        .dotDotPolicy(policy.dotDotPolicy())
        .hardLinkPolicy(policy.hardLinkPolicy())
        .permissions(permissions(mode))
        .mode(createNew ? WriteMode.CREATE_NEW : WriteMode.REPLACE)
        .durability(switch (durability) {
          case NONE -> Durability.NONE;
          case FILE -> Durability.FILE;
          case FULL -> Durability.FILE_AND_DIRECTORY;
        });
    if (policy.maxSize != null) {
      b.maxSizeBytes(policy.maxSize);
    }
    try (ConfinedRoot root = policy.open()) {
      long n = root.write(path, env().in(), b.build());
      info("wrote " + n + " bytes");
    }
    return 0;
  }

  private Set<PosixFilePermission> permissions(String octal) {
    if (!octal.matches("0?[0-7]{3}")) {
      throw usage("--mode must be three octal digits, such as 600 or 640");
    }
    String digits = octal.length() == 4 ? octal.substring(1) : octal;
    StringBuilder rwx = new StringBuilder();
    for (char c : digits.toCharArray()) {
      int d = c - '0';
      rwx.append((d & 4) != 0 ? 'r' : '-').append((d & 2) != 0 ? 'w' : '-').append((d & 1) != 0 ? 'x' : '-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }
}
