package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.fs.AtomicOutputStream;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The files that {@code backup}, {@code restore}, {@code export} and {@code import} write and
 * read: a file named by {@code --out}/{@code --in}, or {@value #STDIO} for standard output or
 * input. Files are written through a {@link ConfinedRoot} on their directory: created
 * {@code 0600} before any byte is written, atomically (a failure leaves no file, or the old one
 * intact), durably. Files are read through one too, so a FIFO or device is refused without
 * blocking.
 */
final class DataFiles {
  /** The name that means standard output ({@code --out}) or standard input ({@code --in}). */
  static final String STDIO = "-";

  /** Writes to a stream; what it returns is the command's result. */
  @FunctionalInterface
  interface Writer<T> {
    T write(OutputStream out) throws IOException, GeneralSecurityException;
  }

  /** Reads from a stream; what it returns is the command's result. */
  @FunctionalInterface
  interface Reader<T> {
    T read(InputStream in) throws IOException, GeneralSecurityException;
  }

  private DataFiles() {}

  /**
   * Runs {@code body} on a new private file {@code name} (relative to {@code env}'s working
   * directory), which appears only if {@code body} returns: with the bytes written, mode
   * {@code 0600}, and fsynced with its directory.
   *
   * @param mode {@link WriteMode#CREATE_NEW} refuses an existing file
   *     ({@link java.nio.file.FileAlreadyExistsException}, exit code 4); {@code REPLACE} replaces it
   * @throws CliException ({@link ExitCode#USAGE}) if {@code name} does not name a file
   */
  static <T> T writePrivate(String name, CliEnvironment env, WriteMode mode, Writer<T> body)
      throws IOException, GeneralSecurityException {
    Path file = split(name, env);
    WriteOptions options = WriteOptions.builder().mode(mode).maxSizeBytes(Long.MAX_VALUE).build();
    try (ConfinedRoot root = ConfinedRoot.open(parent(file));
        AtomicOutputStream out = root.newAtomicOutputStream(String.valueOf(file.getFileName()), options)) {
      T result = body.write(out);
      out.commit();
      return result;
    }
  }

  /**
   * Runs {@code body} on the file {@code name}, or on standard input for {@value #STDIO}. A link
   * may point only inside the file's own directory; FIFOs and devices are refused (exit code 7).
   */
  static <T> T read(String name, CliEnvironment env, Reader<T> body) throws IOException, GeneralSecurityException {
    if (STDIO.equals(name)) {
      return body.read(env.in());
    }
    Path file = split(name, env);
    ReadOptions options = ReadOptions.builder().maxSizeBytes(Long.MAX_VALUE)
        .symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
    try (ConfinedRoot root = ConfinedRoot.open(parent(file));
        InputStream in = root.newInputStream(String.valueOf(file.getFileName()), options)) {
      return body.read(in);
    }
  }

  /** {@code name} as an absolute, normalized path to a file. */
  private static Path split(String name, CliEnvironment env) {
    Path file = env.resolve(name).toAbsolutePath().normalize();
    if (file.getParent() == null || file.getFileName() == null) {
      throw new CliException(ExitCode.USAGE, "'" + name + "' does not name a file");
    }
    return file;
  }

  private static Path parent(Path file) {
    Path parent = file.getParent();
    if (parent == null) {
      throw new CliException(ExitCode.USAGE, "'" + file + "' does not name a file");
    }
    return parent;
  }
}
