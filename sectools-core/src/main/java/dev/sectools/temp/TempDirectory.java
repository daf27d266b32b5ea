package dev.sectools.temp;

import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.RootOptions;
import dev.sectools.internal.temp.TempHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A private temp directory ({@code 0700} from the moment it exists, unguessable name), removed
 * with everything inside it by {@link #close()}: the counterpart of Python's
 * {@code tempfile.TemporaryDirectory}. Create one with {@link SecureTemp#createDirectory(String)}.
 *
 * <pre>{@code
 * try (TempDirectory work = SecureTemp.createDirectory("build-")) {
 *   work.root().write("config.json", json);                // 0600, confined to the directory
 *   try (TempFile part = work.createFile("part-", ".bin")) { … }
 *   runTool(work.path());
 * }                                                        // tree removed, links never followed
 * }</pre>
 *
 * <h2>Security</h2>
 * Removal walks the tree through descriptors opened with {@code O_NOFOLLOW}: a link planted
 * inside (by a tool you ran, or by anyone who could write there) is removed as a link and its
 * target is left alone. Work inside the directory through {@link #root()}, which cannot be led
 * outside it; plain {@link java.nio.file.Files} calls on {@code path().resolve(…)} follow links.
 *
 * <p>Thread-safe.
 */
public final class TempDirectory implements AutoCloseable {
  private final TempHandle handle;
  private final TempOptions options;
  private ConfinedRoot root;
  private boolean closed;

  TempDirectory(TempHandle handle, TempOptions options) {
    this.handle = handle;
    this.options = options;
  }

  /** The directory's absolute path. */
  public Path path() {
    return handle.path();
  }

  /**
   * A {@link ConfinedRoot} over this directory, opened on first use and closed by
   * {@link #close()}; do not close it yourself. The directory's name cannot be swapped under it:
   * the base directory was checked so that no one else (but root) can rename entries in it.
   *
   * @throws IllegalStateException if this directory is closed
   * @throws IOException if the root cannot be opened
   */
  public synchronized ConfinedRoot root() throws IOException {
    if (closed) {
      throw new IllegalStateException("TempDirectory is closed");
    }
    if (root == null) {
      root = ConfinedRoot.open(path(), RootOptions.builder().pathDisplay(options.pathDisplay()).build());
    }
    return root;
  }

  /**
   * Creates a private temp file inside this directory, with this directory's options; see
   * {@link SecureTemp#createFile(String, String, TempOptions)}.
   *
   * @param prefix the start of the name; no {@code /}, {@code \} or NUL
   * @param suffix the end of the name; no {@code /}, {@code \} or NUL
   * @return the open temp file; closing it removes it (closing this directory removes it too)
   * @throws IllegalStateException if this directory is closed
   * @throws IOException as {@link SecureTemp#createFile(String, String, TempOptions)} does
   */
  public TempFile createFile(String prefix, String suffix) throws IOException {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(suffix, "suffix");
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("TempDirectory is closed");
      }
    }
    return SecureTemp.createFile(prefix, suffix,
        TempOptions.builder().baseDirectory(path()).deleteOnClose(options.deleteOnClose())
            .overwrite(options.overwrite()).pathDisplay(options.pathDisplay()).build());
  }

  /**
   * Closes {@link #root()} and, under {@link DeleteOnClose#DELETE}, removes the directory and
   * everything in it without following any link (overwriting files first under
   * {@link Overwrite#ZEROS}). Idempotent: a second call does nothing.
   *
   * @throws TempCleanupException listing what could not be removed; descriptors are released
   *     anyway
   */
  @Override
  public void close() throws IOException {
    ConfinedRoot r;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      r = root;
    }
    try {
      if (r != null) {
        r.close();
      }
    } finally {
      if (options.deleteOnClose() == DeleteOnClose.DELETE) {
        handle.delete(options.overwrite());
      } else {
        handle.release();
      }
    }
  }

  /** Shows the state only; the name stays out of logs. */
  @Override
  public synchronized String toString() {
    return "TempDirectory{" + (closed ? "closed" : "open") + "}";
  }
}
