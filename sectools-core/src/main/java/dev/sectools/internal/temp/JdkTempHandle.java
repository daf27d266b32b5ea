package dev.sectools.internal.temp;

import dev.sectools.internal.fs.PathNamer;
import dev.sectools.temp.Overwrite;
import dev.sectools.temp.TempCleanupException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Removal through the JDK. Where the parent's directory stream is a {@link SecureDirectoryStream}
 * (macOS, other Unixes) the tree is removed relative to directory handles, never following a
 * link; elsewhere (Windows) it is walked by path without following links, which a process
 * swapping directories for links during the walk could race. Documented in docs/temp.md.
 */
final class JdkTempHandle implements TempHandle {
  private final Path path;
  private final FileChannelAdapter channel;
  private final PathNamer namer;
  private boolean released;

  JdkTempHandle(Path path, FileChannelAdapter channel, PathNamer namer) {
    this.path = path;
    this.channel = channel;
    this.namer = namer;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public PositionalChannel channel() {
    return channel;
  }

  @Override
  public synchronized void delete(Overwrite overwrite) throws IOException {
    if (released) {
      return;
    }
    List<IOException> failures = new ArrayList<>();
    try {
      if (overwrite == Overwrite.ZEROS) {
        overwrite(failures);
      }
      release();
      try {
        removeTree();
      } catch (NoSuchFileException e) {
        // already gone
      } catch (IOException e) {
        failures.add(e);
      }
      if (!failures.isEmpty()) {
        List<String> left = new ArrayList<>();
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
          left.add(namer.show(String.valueOf(path.getFileName())));
        }
        TempCleanupException ex = new TempCleanupException(namer.show(path.toString()), left, failures.get(0));
        failures.subList(1, failures.size()).forEach(ex::addSuppressed);
        throw ex;
      }
    } finally {
      release();
    }
  }

  private void overwrite(List<IOException> failures) {
    try {
      if (channel != null && channel.isOpen()) {
        channel.zero();
        return;
      }
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
              new FileChannelAdapter(ch).zero();
            } catch (IOException e) {
              failures.add(e);
            }
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      failures.add(e);
    }
  }

  private void removeTree() throws IOException {
    Path parent = Objects.requireNonNull(path.getParent(), "a temp entry has a parent");
    Path name = Objects.requireNonNull(path.getFileName(), "a temp entry has a name");
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
      if (stream instanceof SecureDirectoryStream<Path> sds) {
        removeEntry(sds, name);
        return;
      }
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void removeEntry(SecureDirectoryStream<Path> parent, Path name) throws IOException {
    BasicFileAttributes attrs = parent.getFileAttributeView(name, BasicFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS).readAttributes();
    if (!attrs.isDirectory()) {
      parent.deleteFile(name);
      return;
    }
    try (SecureDirectoryStream<Path> child = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> names = new ArrayList<>();
      child.forEach(p -> names.add(p.getFileName()));
      for (Path n : names) {
        removeEntry(child, n);
      }
    }
    parent.deleteDirectory(name);
  }

  @Override
  public synchronized void release() {
    if (!released) {
      released = true;
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // the descriptor is released either way
        }
      }
    }
  }
}
