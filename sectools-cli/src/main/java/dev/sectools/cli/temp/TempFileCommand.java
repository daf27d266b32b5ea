package dev.sectools.cli.temp;

import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempFile;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sectools temp file}: a private temp file. */
@Command(name = "file", header = "Create a private (0600) empty temp file and print its path.")
public final class TempFileCommand extends TempRun {
  @Option(names = "--suffix", paramLabel = "TEXT", defaultValue = "",
      description = "The end of the name, such as .json.")
  private String suffix;

  /** For picocli. */
  public TempFileCommand() {}

  @Override
  AutoCloseable create(TempOptions options) throws IOException {
    return SecureTemp.createFile(prefix, suffix, options);
  }

  @Override
  Path path(AutoCloseable created) {
    return ((TempFile) created).path();
  }
}
