package dev.sectools.cli.temp;

import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code sectools temp dir}: a private temp directory. */
@Command(name = "dir", header = "Create a private (0700) temp directory and print its path.")
public final class TempDirCommand extends TempRun {
  /** For picocli. */
  public TempDirCommand() {}

  @Override
  AutoCloseable create(TempOptions options) throws IOException {
    return SecureTemp.createDirectory(prefix, options);
  }

  @Override
  Path path(AutoCloseable created) {
    return ((TempDirectory) created).path();
  }
}
