package dev.sectools.internal.cache;

import dev.sectools.cache.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A memory store entry, shared by the cache and every {@code get} in progress: its bytes are
 * released (wiped) when the cache has dropped it and the last reader has closed its view, never
 * while someone is still reading.
 */
final class HeldEntry {
  private final Sha256 sha;
  private final Instant created;
  private final byte[] meta;
  private final Content data;
  private final AtomicInteger holders = new AtomicInteger(1); // the cache's own hold
  private final AtomicBoolean cacheReleased = new AtomicBoolean();

  HeldEntry(Sha256 sha, Instant created, byte[] meta, Content data) {
    this.sha = sha;
    this.created = created;
    this.meta = meta.clone();
    this.data = data;
  }

  Sha256 sha() {
    return sha;
  }

  Instant created() {
    return created;
  }

  byte[] meta() {
    return meta.clone();
  }

  long size() {
    return data.size();
  }

  /** A view for one reader, or {@code null} if the bytes are already released. */
  Content acquire() {
    for (int h = holders.get(); h > 0; h = holders.get()) {
      if (holders.compareAndSet(h, h + 1)) {
        return new View();
      }
    }
    return null;
  }

  /** The cache lets go of the entry. */
  void release() {
    if (cacheReleased.compareAndSet(false, true)) {
      drop();
    }
  }

  private void drop() {
    if (holders.decrementAndGet() == 0) {
      data.release();
    }
  }

  private final class View implements Content {
    private final AtomicBoolean released = new AtomicBoolean();

    @Override
    public long size() {
      return data.size();
    }

    /**
     * A stream that copies out of the shared bytes: {@link InputStream#transferTo} then goes
     * through a buffer of its own, so no caller's stream ever holds the cache's arrays. Once this
     * view is released its streams fail, even while the cache still holds the bytes.
     */
    @Override
    public InputStream newInputStream() {
      return new FilterInputStream(data.newInputStream()) {
        @Override
        public int read() throws IOException {
          ensureHeld();
          return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          ensureHeld();
          return super.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
          ensureHeld();
          return super.skip(n);
        }
      };
    }

    private void ensureHeld() throws IOException {
      if (released.get()) {
        throw new IOException("the cache entry was closed: its bytes are released");
      }
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        drop();
      }
    }
  }
}
