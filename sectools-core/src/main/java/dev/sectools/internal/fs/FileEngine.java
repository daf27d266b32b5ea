package dev.sectools.internal.fs;

import dev.sectools.fs.DirectoryEntry;
import dev.sectools.fs.Durability;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * The operations a {@link dev.sectools.fs.ConfinedRoot} delegates to, one implementation per
 * way of confining paths. Paths arrive parsed; policies arrive as options. Implementations are
 * thread-safe; {@link #close()} is called once, after every operation has finished.
 */
public interface FileEngine extends AutoCloseable {

  /** Reads a whole regular file, enforcing {@link ReadOptions#maxSizeBytes()} on bytes read. */
  byte[] readAll(ParsedPath path, ReadOptions options) throws IOException;

  /**
   * Reads a whole regular file into secure memory, straight from the file into native memory
   * with no heap copy, enforcing {@link ReadOptions#maxSizeBytes()} on bytes read.
   */
  SecureBuffer readToBuffer(ParsedPath path, ReadOptions options, MemoryPolicy policy) throws IOException;

  /** Opens a size-capped stream over a regular file. */
  InputStream newInputStream(ParsedPath path, ReadOptions options) throws IOException;

  /** Opens a read-only, size-capped channel over a regular file. */
  SeekableByteChannel newByteChannel(ParsedPath path, ReadOptions options) throws IOException;

  /** Starts an atomic write of {@code path}; nothing is visible until {@link AtomicSink#commit()}. */
  AtomicSink startAtomicWrite(ParsedPath path, WriteOptions options) throws IOException;

  /** Appends bytes to a regular file, creating it with the options' permissions if missing. */
  void append(ParsedPath path, byte[] data, int offset, int length, WriteOptions options)
      throws IOException;

  /** Creates one directory with exactly {@code permissions}. */
  void createDirectory(ParsedPath path, Set<PosixFilePermission> permissions, SymlinkPolicy links,
      Durability durability) throws IOException;

  /** Creates a directory and any missing parents, never following links. */
  void createDirectories(ParsedPath path, Set<PosixFilePermission> permissions, Durability durability)
      throws IOException;

  /** Lists a directory, sorted by name, without {@code .} and {@code ..}. */
  List<DirectoryEntry> list(ParsedPath path, SymlinkPolicy links) throws IOException;

  /** Describes a file without following a final link. */
  FileInfo stat(ParsedPath path, SymlinkPolicy links) throws IOException;

  /** Removes a file, a link (not its target) or an empty directory. */
  void delete(ParsedPath path, SymlinkPolicy links) throws IOException;

  /**
   * Removes the file at {@code path} if it is the one {@code opened} (a channel from
   * {@link #newByteChannel}, still open) reads; whether it did.
   */
  boolean deleteIfSame(ParsedPath path, SeekableByteChannel opened, SymlinkPolicy links) throws IOException;

  /** Removes a tree without following any link inside it; the root itself is emptied, not removed. */
  void deleteRecursively(ParsedPath path, SymlinkPolicy links) throws IOException;

  /** Renames within the root. */
  void rename(ParsedPath from, ParsedPath to, WriteMode mode, SymlinkPolicy links, Durability durability)
      throws IOException;

  /** A short description of how this engine confines paths, for logs and status output. */
  String describe();

  @Override
  void close() throws IOException;

  /** An atomic write in progress: bytes go to a hidden temporary file until committed. */
  interface AtomicSink extends AutoCloseable {
    /** Appends bytes to the pending content; fails once the write cap is exceeded. */
    void write(byte[] data, int offset, int length) throws IOException;

    /**
     * Appends {@code src}'s remaining bytes, from native memory without a heap copy when
     * {@code src} is direct; fails once the write cap is exceeded.
     */
    void write(ByteBuffer src) throws IOException;

    /**
     * This write as a channel, for writers that hand over direct buffers. Closing the channel
     * neither commits nor discards: that stays with this sink.
     */
    default WritableByteChannel channel() {
      return new SinkChannel(this);
    }

    /** Makes the content visible under the target name, durably as configured. Once only. */
    void commit() throws IOException;

    /** Discards the pending content (no-op after commit); leaves no temporary file behind. */
    @Override
    void close() throws IOException;
  }
}
