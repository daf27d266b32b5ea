package dev.sectools.fs;

import dev.sectools.internal.fs.FileEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A stream whose bytes replace a file atomically, and only when {@link #commit()} is called.
 * Closing without committing discards everything written and leaves the old file, if any,
 * byte-for-byte intact and no temporary file behind. Obtain one from
 * {@link ConfinedRoot#newAtomicOutputStream(String, WriteOptions)}.
 *
 * <pre>{@code
 * try (AtomicOutputStream out = root.newAtomicOutputStream("config.json", WriteOptions.defaults())) {
 *   mapper.writeValue(out, config);   // an exception here leaves the old config.json in place
 *   out.commit();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one writer at a time.
 */
public final class AtomicOutputStream extends OutputStream {
  private final FileEngine.AtomicSink sink;

  AtomicOutputStream(FileEngine.AtomicSink sink) {
    this.sink = sink;
  }

  /** Writes one byte. */
  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /**
   * Writes bytes to the pending content.
   *
   * @throws SizeLimitExceededException once the write cap is passed (the write is then discarded)
   * @throws IllegalStateException after commit or close
   */
  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    sink.write(b, off, len);
  }

  /**
   * Makes the written bytes the file's content, atomically and as durably as configured.
   *
   * @throws java.nio.file.FileAlreadyExistsException under {@link WriteMode#CREATE_NEW} if the
   *     name exists by now
   * @throws IOException if the commit fails; the old file is then intact
   * @throws IllegalStateException after commit or close
   */
  public void commit() throws IOException {
    sink.commit();
  }

  /** Discards the pending content unless committed. Idempotent. */
  @Override
  public void close() throws IOException {
    sink.close();
  }
}
