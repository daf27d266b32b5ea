package dev.sectools.internal.fs;

import dev.sectools.fs.DirectoryEntry;
import dev.sectools.fs.Durability;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.FileType;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.internal.fs.PathCheckFiles.Meta;
import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * File operations confined by checking path names with {@code java.nio.file}, for platforms
 * where the JDK offers no descriptor-relative resolution (macOS, Windows). Selected only by
 * {@link dev.sectools.fs.Resolution#ALLOW_INSECURE_PATH_CHECKS}.
 *
 * <p><b>Warning:</b> this engine checks a path and then uses it by name; it cannot hold on to
 * what it checked. Between the check and the use, anyone who can write to a directory inside
 * the root can swap a checked directory or file for a symbolic link, and the use then follows
 * that link, possibly out of the root. The checks refuse every link and escape that is visible
 * at the moment they look, so this engine protects against mistakes and against files planted
 * in advance, but <em>not</em> against an attacker racing the program. Use it only where no
 * untrusted user or process can write beneath the root. Specific races:
 * <ul>
 *   <li>reads, writes and listings can be redirected by a component swapped after resolution;
 *   <li>{@link WriteMode#CREATE_NEW} is checked just before the rename, so a file created in
 *       between is silently replaced;
 *   <li>{@link #deleteRecursively} can be led into a directory swapped for a link while it runs;
 *   <li>exact permissions are set by name just after creation.
 * </ul>
 *
 * <p>Where the checks can see it, behaviour matches the confined engines: the same policies,
 * the same exception types, and paths shown only in the form the root's
 * {@link dev.sectools.fs.PathDisplay} allows (never the real location on disk).
 */
public final class PathCheckEngine implements FileEngine {
  static final int CHUNK_BYTES = 1 << 20;
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, NOFOLLOW);

  private final Path rootDir;
  private final PathCheckResolver resolver;
  private final PathCheckFiles files;

  /**
   * Uses {@code rootDir} as the root.
   *
   * @param rootDir the root's absolute, normalized location
   * @param namer how paths may be shown in errors
   * @throws NoSuchFileException if {@code rootDir} does not exist
   * @throws NotDirectoryException if it is not a directory
   * @throws IllegalArgumentException if it is not absolute
   */
  public PathCheckEngine(Path rootDir, PathNamer namer) throws IOException {
    String shown = namer.show(rootDir.toString());
    if (!rootDir.isAbsolute()) {
      throw new IllegalArgumentException("rootDir must be an absolute path, was " + shown);
    }
    Path rootReal;
    try {
      if (!Files.readAttributes(rootDir, BasicFileAttributes.class).isDirectory()) {
        throw new NotDirectoryException(shown);
      }
      rootReal = rootDir.toRealPath();
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, shown);
    }
    this.rootDir = rootDir;
    this.resolver = new PathCheckResolver(rootDir, rootReal);
    this.files = new PathCheckFiles(rootDir.getFileSystem());
  }

  @Override
  public String describe() {
    return "insecure path checks (check-then-open by name; an attacker who can swap path"
        + " components can escape the root)";
  }

  @Override
  public void close() {
    // Nothing is held open between operations.
  }

  // ---- reads ---------------------------------------------------------------------------------

  @Override
  public byte[] readAll(ParsedPath path, ReadOptions options) throws IOException {
    try (SeekableByteChannel ch = openRegular(path, options)) {
      return PathCheckReads.readCapped(ch, ch.size(), options.maxSizeBytes(), path);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  // The FileChannel reads into the buffer's direct view, so no heap copy is made here either.
  @Override
  public SecureBuffer readToBuffer(ParsedPath path, ReadOptions options, MemoryPolicy policy)
      throws IOException {
    try (SeekableByteChannel ch = newByteChannel(path, options)) {
      return SecureBuffer.readFrom(ch, options.maxSizeBytes(), policy);
    }
  }

  @Override
  public InputStream newInputStream(ParsedPath path, ReadOptions options) throws IOException {
    try {
      return new PathCheckInputStream(Channels.newInputStream(openRegular(path, options)),
          options.maxSizeBytes(), path);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  @Override
  public SeekableByteChannel newByteChannel(ParsedPath path, ReadOptions options) throws IOException {
    try {
      Object[] fileKey = new Object[1];
      SeekableByteChannel ch = openRegular(path, options, fileKey);
      try {
        if (ch.size() > options.maxSizeBytes()) {
          throw new SizeLimitExceededException(path.display(), options.maxSizeBytes());
        }
      } catch (IOException e) {
        ch.close();
        throw e;
      }
      return new PathCheckChannel(ch, options.maxSizeBytes(), path, fileKey[0]);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  // The type is checked by name, without following links, before anything is opened: a FIFO
  // is never opened, so a read never blocks on one.
  private SeekableByteChannel openRegular(ParsedPath path, ReadOptions options) throws IOException {
    return openRegular(path, options, new Object[1]);
  }

  /** As {@link #openRegular(ParsedPath, ReadOptions)}; the file's key, as checked, goes to {@code fileKey[0]}. */
  private SeekableByteChannel openRegular(ParsedPath path, ReadOptions options, Object[] fileKey) throws IOException {
    Path file = resolver.resolve(path, options.symlinkPolicy(), true);
    Meta meta = files.meta(file, NOFOLLOW);
    if (path.trailingSlash() && meta.type() != FileType.DIRECTORY) {
      throw new NotDirectoryException(path.display());
    }
    PathCheckFiles.checkRegular(meta, path, options.hardLinkPolicy());
    fileKey[0] = meta.fileKey();
    return Files.newByteChannel(file, READ);
  }

  // ---- writes --------------------------------------------------------------------------------

  @Override
  public AtomicSink startAtomicWrite(ParsedPath path, WriteOptions options) throws IOException {
    String name = path.fileEntryName();
    try {
      Path dir = resolver.resolveDirectory(path.parent(), options.symlinkPolicy());
      return PathCheckSink.start(files, dir, name, path, options);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  @Override
  public void append(ParsedPath path, byte[] data, int offset, int length, WriteOptions options)
      throws IOException {
    String name = path.fileEntryName();
    if (length > options.maxSizeBytes()) {
      throw new SizeLimitExceededException(path.display(), options.maxSizeBytes());
    }
    try {
      Path dir = resolver.resolveDirectory(path.parent(), options.symlinkPolicy());
      Path file = dir.resolve(name);
      FileChannel newFile = files.createForAppend(file, options.permissions());
      boolean created = newFile != null;
      try (FileChannel ch = created ? newFile : files.openForAppend(file, path, options.hardLinkPolicy())) {
        if (created) {
          files.setExactPermissions(file, options.permissions());
        }
        PathCheckFiles.writeFully(ch, data, offset, length);
        if (options.durability() != Durability.NONE) {
          ch.force(true);
        }
      }
      if (created && options.durability() == Durability.FILE_AND_DIRECTORY) {
        PathCheckFiles.syncDirectory(dir);
      }
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  // ---- directories ---------------------------------------------------------------------------

  @Override
  public void createDirectory(ParsedPath path, Set<PosixFilePermission> permissions,
      SymlinkPolicy links, Durability durability) throws IOException {
    String name = path.entryName();
    try {
      Path dir = resolver.resolveDirectory(path.parent(), links);
      makeDirectory(dir, name, permissions, durability);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  @Override
  public void createDirectories(ParsedPath path, Set<PosixFilePermission> permissions,
      Durability durability) throws IOException {
    try {
      Path cur = rootDir;
      for (String component : path.components()) {
        if (component.equals("..")) {
          throw new InvalidPathException(path.display(), "'..' is not allowed when creating directories");
        }
        Path parent = cur;
        cur = cur.resolve(component);
        BasicFileAttributes attrs = PathCheckFiles.lstatOrNull(cur);
        if (attrs == null) {
          try {
            makeDirectory(parent, component, permissions, durability);
            continue;
          } catch (FileAlreadyExistsException e) {
            attrs = Files.readAttributes(cur, BasicFileAttributes.class, NOFOLLOW); // lost a race
          }
        }
        PathCheckResolver.requireDirectory(attrs, path, SymlinkPolicy.DENY);
      }
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  private void makeDirectory(Path parent, String name, Set<PosixFilePermission> permissions,
      Durability durability) throws IOException {
    Path dir = parent.resolve(name);
    Files.createDirectory(dir, files.creationAttributes(permissions));
    files.setExactPermissions(dir, permissions);
    if (durability == Durability.FILE_AND_DIRECTORY) {
      PathCheckFiles.syncDirectory(parent);
    }
  }

  @Override
  public List<DirectoryEntry> list(ParsedPath path, SymlinkPolicy links) throws IOException {
    try {
      Path dir = resolver.resolveDirectory(path, links);
      List<DirectoryEntry> entries = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path entry : stream) {
          Meta meta = files.metaOrNull(entry);
          Path name = entry.getFileName();
          if (meta != null && name != null) { // else removed since the directory was read
            entries.add(new DirectoryEntry(name.toString(), meta.type()));
          }
        }
      } catch (DirectoryIteratorException e) {
        throw e.getCause();
      }
      entries.sort(Comparator.comparing(DirectoryEntry::name));
      return entries;
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the identities compared are read by path: the channel's just before it was opened,
   * and the name's just before it is removed. Where the platform gives files no identity, the
   * name is removed as {@link #delete} would.
   */
  @Override
  public boolean deleteIfSame(ParsedPath path, SeekableByteChannel opened, SymlinkPolicy links)
      throws IOException {
    if (!(opened instanceof PathCheckChannel channel)) {
      throw new IllegalArgumentException("not a channel this root opened");
    }
    try {
      Path file = resolver.resolveDirectory(path.parent(), links).resolve(path.entryName());
      Meta now = files.metaOrNull(file);
      if (now == null || (channel.fileKey() != null && !channel.fileKey().equals(now.fileKey()))) {
        return false;
      }
      Files.delete(file);
      return true;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  @Override
  public FileInfo stat(ParsedPath path, SymlinkPolicy links) throws IOException {
    try {
      Meta meta = path.isRoot()
          ? files.meta(rootDir)
          : files.meta(resolver.resolveDirectory(path.parent(), links).resolve(path.entryName()), NOFOLLOW);
      if (path.trailingSlash() && meta.type() != FileType.DIRECTORY) {
        throw new NotDirectoryException(path.display());
      }
      return new FileInfo(meta.type(), meta.size(), meta.permissions(), meta.linkCount(),
          meta.ownerUid(), meta.lastModified().toInstant());
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  // ---- deletion and renaming -----------------------------------------------------------------

  @Override
  public void delete(ParsedPath path, SymlinkPolicy links) throws IOException {
    String name = path.entryName();
    try {
      Path target = resolver.resolveDirectory(path.parent(), links).resolve(name);
      requireDirectoryIfSlash(target, path);
      Files.delete(target); // never follows a link
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  @Override
  public void deleteRecursively(ParsedPath path, SymlinkPolicy links) throws IOException {
    try {
      if (path.isRoot()) {
        PathCheckTreeDeleter.deleteContents(rootDir);
        return;
      }
      Path target = resolver.resolveDirectory(path.parent(), links).resolve(path.entryName());
      Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW); // absent: NoSuchFileException
      requireDirectoryIfSlash(target, path);
      PathCheckTreeDeleter.deleteTree(target);
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, path);
    }
  }

  @Override
  public void rename(ParsedPath from, ParsedPath to, WriteMode mode, SymlinkPolicy links,
      Durability durability) throws IOException {
    String fromName = from.entryName();
    String toName = to.entryName();
    try {
      Path fromDir = resolver.resolveDirectory(from.parent(), links);
      if (from.trailingSlash() || to.trailingSlash()) {
        requireDirectory(fromDir.resolve(fromName), from);
      }
      Path toDir = resolver.resolveDirectory(to.parent(), links);
      Path target = toDir.resolve(toName);
      // A race in this engine: a name created between this check and the move is replaced.
      if (mode == WriteMode.CREATE_NEW && PathCheckFiles.lstatOrNull(target) != null) {
        throw new FileAlreadyExistsException(to.display());
      }
      Files.move(fromDir.resolve(fromName), target, StandardCopyOption.ATOMIC_MOVE);
      if (durability == Durability.FILE_AND_DIRECTORY) {
        PathCheckFiles.syncDirectory(toDir);
        PathCheckFiles.syncDirectory(fromDir);
      }
    } catch (IOException e) {
      throw PathCheckErrors.hidden(e, e instanceof FileAlreadyExistsException ? to : from);
    }
  }

  // A path ending in '/' names a directory; the slash never makes a link be followed. Checked
  // by name, then acted on by name: a race this engine does not close (see Resolution).
  private static void requireDirectoryIfSlash(Path target, ParsedPath path) throws IOException {
    if (path.trailingSlash()) {
      requireDirectory(target, path);
    }
  }

  private static void requireDirectory(Path target, ParsedPath path) throws IOException {
    if (!Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW).isDirectory()) {
      throw new NotDirectoryException(path.display());
    }
  }
}
