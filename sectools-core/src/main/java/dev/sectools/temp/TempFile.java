package dev.sectools.temp;

import dev.sectools.internal.temp.TempHandle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;

/**
 * A private temp file ({@code 0600} from the moment it exists, unguessable name), open for
 * reading and writing, removed by {@link #close()}: the counterpart of Python's
 * {@code tempfile.NamedTemporaryFile}. Create one with {@link SecureTemp#createFile(String, String)}.
 *
 * <pre>{@code
 * try (TempFile tmp = SecureTemp.createFile("report-", ".csv")) {
 *   try (OutputStream out = tmp.newOutputStream()) {
 *     out.write(csvBytes);
 *   }
 *   runTool(tmp.path());          // another program reads it by name
 * }                               // removed here, never following a link
 * }</pre>
 *
 * <h2>Warning</h2>
 * {@link #path()} is for handing the file to code that needs a name. Reopening it by that name
 * in your own code gives up what the descriptor guarantees (the name could have been removed by
 * root, or by you): use {@link #channel()} and the streams instead. The name itself may reveal
 * little, but it is shown in exceptions only as the {@link TempOptions#pathDisplay()} allows.
 * A {@code TempFile} that is never closed keeps its descriptors until the JVM exits and its file
 * after that: use try-with-resources, or {@link SecureTemp#processDirectory()} as the base.
 *
 * <p>Thread-safe.
 */
public final class TempFile implements AutoCloseable {
  private final TempHandle handle;
  private final TempOptions options;
  private boolean closed;

  TempFile(TempHandle handle, TempOptions options) {
    this.handle = handle;
    this.options = options;
  }

  /** The file's absolute path. */
  public Path path() {
    return handle.path();
  }

  /**
   * The file's read-write channel, positioned at 0 when created. There is one channel per temp
   * file; closing it releases the descriptor early (the streams then fail), and
   * {@link #close()} still removes the file.
   */
  public SeekableByteChannel channel() {
    return handle.channel();
  }

  /**
   * A stream reading the file from its start, with its own offset (the channel's position does
   * not move). Closing the stream leaves the file and channel open.
   */
  public InputStream newInputStream() {
    return handle.channel().newInputStream();
  }

  /**
   * A stream appending after the content present now, with its own offset (the channel's
   * position does not move). Closing the stream leaves the file and channel open.
   *
   * @throws IOException if the channel has been closed
   */
  public OutputStream newOutputStream() throws IOException {
    return handle.channel().newOutputStream();
  }

  /**
   * Closes the descriptor and, under {@link DeleteOnClose#DELETE}, removes the file (by its
   * name in the base directory's descriptor, never following a link), first overwriting it
   * under {@link Overwrite#ZEROS}. Idempotent: a second call does nothing.
   *
   * @throws TempCleanupException if the file could not be removed or overwritten; the descriptor
   *     is released anyway
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (options.deleteOnClose() == DeleteOnClose.DELETE) {
      handle.delete(options.overwrite());
    } else {
      handle.release();
    }
  }

  /** Shows the state only; the name stays out of logs. */
  @Override
  public synchronized String toString() {
    return "TempFile{" + (closed ? "closed" : "open") + "}";
  }
}
