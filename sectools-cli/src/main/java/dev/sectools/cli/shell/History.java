package dev.sectools.cli.shell;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.temp.SecureTemp;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The shell's history: {@code $XDG_STATE_HOME/sectools/history} ({@code ~/.local/state/sectools/history}),
 * a {@code 0600} file in a {@code 0700} directory of the user's own (refused otherwise, like a
 * store directory), appended one command line at a time. It holds command lines only: values are
 * never on them ({@code set} asks for the value separately).
 */
final class History implements Closeable {
  private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");

  private final SeekableByteChannel file;

  private History(SeekableByteChannel file) {
    this.file = file;
  }

  /** A history that records nothing ({@code --no-history}). */
  static History none() {
    return new History(null);
  }

  /**
   * Opens (creating) the history file of {@code env}'s user.
   *
   * @throws dev.sectools.temp.InsecureDirectoryException if its directory is a link, another
   *     user's, or open to group or others
   */
  static History open(CliEnvironment env) throws IOException {
    Optional<Path> base = env.variable("XDG_STATE_HOME").map(Path::of).filter(Path::isAbsolute)
        .or(() -> env.home().map(h -> h.resolve(".local").resolve("state")));
    Path dir = base.orElseThrow(() -> new CliException(ExitCode.USAGE,
        "no place for the history: neither XDG_STATE_HOME nor HOME is set; use --no-history")).resolve("sectools");
    Path parent = dir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path path = SecureTemp.ensurePrivateDirectory(dir).resolve("history");
    SeekableByteChannel ch = Files.newByteChannel(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(OWNER_RW));
    // An older file with a wider mode: the directory is private, so the name still names this file.
    Files.setPosixFilePermissions(path, OWNER_RW);
    return new History(ch);
  }

  /** Appends {@code line}. */
  void add(String line) throws IOException {
    if (file != null) {
      ByteBuffer bytes = ByteBuffer.wrap((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        file.write(bytes);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}
