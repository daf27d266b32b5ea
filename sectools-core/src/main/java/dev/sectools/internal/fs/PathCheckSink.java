package dev.sectools.internal.fs;

import dev.sectools.fs.Durability;
import dev.sectools.fs.FileType;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * An atomic write by name for {@link PathCheckEngine}: a hidden temporary file
 * {@code .<name>.<random>.tmp} in the target's directory, renamed over the target at commit and
 * removed on every failure this process sees.
 */
final class PathCheckSink implements FileEngine.AtomicSink {
  private static final int MAX_TEMP_PREFIX_BYTES = 200;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final FileChannel ch;
  private final Path dir;
  private final Path temp;
  private final Path target;
  private final ParsedPath path;
  private final WriteOptions options;
  private long written;
  private boolean committed;
  private boolean closed;

  private PathCheckSink(FileChannel ch, Path dir, Path temp, Path target, ParsedPath path,
      WriteOptions options) {
    this.ch = ch;
    this.dir = dir;
    this.temp = temp;
    this.target = target;
    this.path = path;
    this.options = options;
  }

  /**
   * Checks that {@code name} in {@code dir} may be written as the options' mode says, then creates
   * the temporary file beside it with exactly the options' permissions. Exceptions may name real
   * locations: the caller hides them.
   */
  static PathCheckSink start(PathCheckFiles files, Path dir, String name, ParsedPath path,
      WriteOptions options) throws IOException {
    Path target = dir.resolve(name);
    checkReplaceable(target, path, options.mode());
    Path temp = dir.resolve(tempName(name));
    FileChannel ch = FileChannel.open(temp,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        files.creationAttributes(options.permissions()));
    try {
      files.setExactPermissions(temp, options.permissions());
    } catch (IOException e) {
      ch.close();
      Files.deleteIfExists(temp);
      throw e;
    }
    return new PathCheckSink(ch, dir, temp, target, path, options);
  }

  // Refuses early what the commit would replace wrongly. By name, so a swap after this check
  // goes unnoticed (see the engine's warning).
  private static void checkReplaceable(Path target, ParsedPath path, WriteMode mode) throws IOException {
    BasicFileAttributes attrs = PathCheckFiles.lstatOrNull(target);
    if (attrs == null) {
      return;
    }
    if (mode == WriteMode.CREATE_NEW) {
      throw new FileAlreadyExistsException(path.display());
    }
    checkWritable(attrs, path);
  }

  private static void checkWritable(BasicFileAttributes attrs, ParsedPath path) throws IOException {
    if (attrs.isSymbolicLink()) {
      throw new SymlinkRefusedException(path.display(), "writes never replace a symbolic link");
    }
    if (!attrs.isRegularFile()) {
      throw new NotRegularFileException(path.display(), "not a regular file: "
          + (attrs.isDirectory() ? FileType.DIRECTORY : FileType.OTHER));
    }
  }

  private static String tempName(String name) {
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    // Keeps the name within NAME_MAX; the random part alone makes it unique.
    String prefix = name.getBytes(StandardCharsets.UTF_8).length <= MAX_TEMP_PREFIX_BYTES ? name : "sectools";
    return "." + prefix + "." + HexFormat.of().formatHex(r) + ".tmp";
  }

  @Override
  public void write(byte[] data, int offset, int length) throws IOException {
    checkOpen();
    if (length > options.maxSizeBytes() - written) {
      throw failed(new SizeLimitExceededException(path.display(), options.maxSizeBytes()));
    }
    try {
      PathCheckFiles.writeFully(ch, data, offset, length);
      written += length;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void write(ByteBuffer src) throws IOException {
    checkOpen();
    if (src.remaining() > options.maxSizeBytes() - written) {
      throw failed(new SizeLimitExceededException(path.display(), options.maxSizeBytes()));
    }
    try {
      int length = src.remaining();
      while (src.hasRemaining()) {
        ch.write(src); // a direct buffer goes to the kernel without a heap copy
      }
      written += length;
    } catch (IOException e) {
      throw failed(e);
    }
  }

  @Override
  public void commit() throws IOException {
    checkOpen();
    try {
      if (options.durability() != Durability.NONE) {
        ch.force(true);
      }
      ch.close();
      move();
      committed = true;
      closed = true;
      if (options.durability() == Durability.FILE_AND_DIRECTORY) {
        PathCheckFiles.syncDirectory(dir);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  // Discards the temporary file; the first error is the one reported. A failure to remove the
  // temporary file is not added to it: its message would name the real location.
  private IOException failed(IOException e) {
    try {
      close();
    } catch (IOException ignored) {
      // Best effort on a write that already failed.
    }
    return PathCheckErrors.hidden(e, path);
  }

  private void move() throws IOException {
    if (options.mode() == WriteMode.CREATE_NEW) {
      // A race in this engine: a name created between this check and the move is replaced.
      if (PathCheckFiles.lstatOrNull(target) != null) {
        throw new FileAlreadyExistsException(path.display());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("atomic write already committed or discarded");
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      ch.close();
    } finally {
      if (!committed) {
        Files.deleteIfExists(temp);
      }
    }
  }
}
