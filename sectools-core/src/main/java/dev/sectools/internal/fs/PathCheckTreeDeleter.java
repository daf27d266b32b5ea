package dev.sectools.internal.fs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes a tree by name for {@link PathCheckEngine}, removing links as links: no link inside is
 * ever followed. A directory swapped for a link while the walk runs can still lead it astray
 * (see the engine's warning).
 */
final class PathCheckTreeDeleter extends SimpleFileVisitor<Path> {
  private static final PathCheckTreeDeleter INSTANCE = new PathCheckTreeDeleter();

  private PathCheckTreeDeleter() {}

  /** Removes {@code target} and everything below it. */
  static void deleteTree(Path target) throws IOException {
    Files.walkFileTree(target, INSTANCE);
  }

  /** Removes everything inside {@code dir}, leaving the directory itself. */
  static void deleteContents(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    for (Path child : children) {
      deleteTree(child);
    }
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
    Files.deleteIfExists(file);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
    if (exc instanceof NoSuchFileException) { // removed concurrently: that is what we wanted
      return FileVisitResult.CONTINUE;
    }
    throw exc;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
    if (exc != null && !(exc instanceof NoSuchFileException)) {
      throw exc;
    }
    Files.deleteIfExists(dir);
    return FileVisitResult.CONTINUE;
  }
}
