package dev.sectools.internal.fs;

import dev.sectools.fs.FileType;
import dev.sectools.fs.HardLinkPolicy;
import dev.sectools.fs.HardLinkRefusedException;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.internal.linux.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The by-name file-system calls of {@link PathCheckEngine} and {@link PathCheckSink}: attributes
 * read without following links and the regular-file check on them, creation with exact
 * permissions, opening for append, full writes and directory syncs. Which attribute views to use
 * is decided once, from the root's file system.
 */
final class PathCheckFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** What the engine needs to know of one file, from one stat call. */
  record Meta(FileType type, long size, Set<PosixFilePermission> permissions, long linkCount,
      long ownerUid, FileTime lastModified, Object fileKey) {}

  private final boolean unix;
  private final boolean posix;

  PathCheckFiles(FileSystem fileSystem) {
    Set<String> views = fileSystem.supportedFileAttributeViews();
    this.unix = views.contains("unix");
    this.posix = views.contains("posix");
  }

  Meta metaOrNull(Path p) throws IOException {
    try {
      return meta(p, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  // One stat call: the "unix" view where there is one (Linux, macOS), else basic and posix.
  Meta meta(Path p, LinkOption... options) throws IOException {
    if (unix) {
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,nlink,uid,lastModifiedTime,fileKey", options);
      int mode = (Integer) a.get("mode");
      return new Meta(PosixModes.fileType(mode & Stat.S_IFMT), (Long) a.get("size"),
          PosixModes.toPermissions(mode), Integer.toUnsignedLong((Integer) a.get("nlink")),
          Integer.toUnsignedLong((Integer) a.get("uid")), (FileTime) a.get("lastModifiedTime"), a.get("fileKey"));
    }
    BasicFileAttributes b = posix
        ? Files.readAttributes(p, PosixFileAttributes.class, options)
        : Files.readAttributes(p, BasicFileAttributes.class, options);
    Set<PosixFilePermission> perms = b instanceof PosixFileAttributes px ? px.permissions() : Set.of();
    FileType type = b.isSymbolicLink() ? FileType.SYMLINK
        : b.isDirectory() ? FileType.DIRECTORY
        : b.isRegularFile() ? FileType.REGULAR
        : FileType.OTHER;
    return new Meta(type, b.size(), perms, 1, -1, b.lastModifiedTime(), b.fileKey());
  }

  // Refuses what a read or an append must not open: a link, anything but a regular file, and a
  // file with other hard links where the policy says so.
  static void checkRegular(Meta meta, ParsedPath path, HardLinkPolicy hardLinks)
      throws IOException {
    if (meta.type() == FileType.SYMLINK) {
      throw new SymlinkRefusedException(path.display(), "symbolic link refused as the final component");
    }
    if (meta.type() != FileType.REGULAR) {
      throw new NotRegularFileException(path.display(), "not a regular file: " + meta.type());
    }
    if (hardLinks == HardLinkPolicy.REFUSE_MULTIPLE && meta.linkCount() > 1) {
      throw new HardLinkRefusedException(path.display(), "file has " + meta.linkCount() + " hard links");
    }
  }

  static BasicFileAttributes lstatOrNull(Path p) throws IOException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  FileAttribute<?>[] creationAttributes(Set<PosixFilePermission> permissions) {
    return posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  // The creation attribute is narrowed by the umask; this sets the permissions exactly.
  void setExactPermissions(Path p, Set<PosixFilePermission> permissions) throws IOException {
    PosixFileAttributeView view = posix
        ? Files.getFileAttributeView(p, PosixFileAttributeView.class, NOFOLLOW)
        : null;
    if (view != null) {
      view.setPermissions(permissions);
    }
  }

  /** Creates {@code file} for appending, or returns null if the name exists (as anything). */
  FileChannel createForAppend(Path file, Set<PosixFilePermission> permissions)
      throws IOException {
    try {
      return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND, NOFOLLOW), creationAttributes(permissions));
    } catch (FileAlreadyExistsException e) {
      return null;
    }
  }

  // Checked before opening: opening a FIFO for writing would block.
  FileChannel openForAppend(Path file, ParsedPath path, HardLinkPolicy hardLinks)
      throws IOException {
    Meta meta = meta(file, NOFOLLOW);
    if (meta.type() == FileType.SYMLINK) {
      throw new SymlinkRefusedException(path.display(), "appends never go through a symbolic link");
    }
    checkRegular(meta, path, hardLinks);
    return FileChannel.open(file, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND, NOFOLLOW));
  }

  static void writeFully(FileChannel ch, byte[] data, int offset, int length) throws IOException {
    for (int done = 0; done < length; ) {
      ByteBuffer chunk = ByteBuffer.wrap(data, offset + done,
          Math.min(length - done, PathCheckEngine.CHUNK_BYTES));
      while (chunk.hasRemaining()) {
        done += ch.write(chunk);
      }
    }
  }

  // Where a directory cannot be opened as a channel (Windows), its entries cannot be synced by
  // path at all; the rename itself is still atomic.
  static void syncDirectory(Path dir) throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(dir, StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException e) {
      return;
    }
    try (ch) {
      ch.force(true);
    }
  }
}
