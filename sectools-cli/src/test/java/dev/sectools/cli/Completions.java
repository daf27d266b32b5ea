package dev.sectools.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the completion scripts of {@code sectools completion bash|zsh|fish} where the
 * distribution installs them from; the build runs it at package time, as it runs {@link ManPages}.
 */
public final class Completions {
  private Completions() {}

  /** {@code args[0]}: the output directory; writes {@code sectools.bash}, {@code _sectools}, {@code sectools.fish}. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createDirectories(Path.of(args[0]));
    write(dir.resolve("sectools.bash"), "bash");
    write(dir.resolve("_sectools"), "zsh");
    write(dir.resolve("sectools.fish"), "fish");
  }

  private static void write(Path file, String shell) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      CliEnvironment env = CliEnvironment.builder().streams(java.io.InputStream.nullInputStream(), out, System.err)
          .build();
      int status = Sectools.run(env, "completion", shell);
      if (status != 0) {
        throw new IllegalStateException("'sectools completion " + shell + "' failed with status " + status);
      }
    }
  }
}
