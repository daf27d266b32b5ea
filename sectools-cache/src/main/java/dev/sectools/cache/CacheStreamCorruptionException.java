package dev.sectools.cache;

import java.io.IOException;
import java.io.Serial;

/**
 * A stream from {@link VerifiedCache#openStream} met a chunk that failed verification, or found the
 * stored file shorter or longer than the entry. Every byte the stream returned before is the
 * entry's own (a prefix of the content asked for); nothing after it is returned. The entry has
 * been removed, so a later {@code put} heals it. The cause is a {@link CacheCorruptionException}.
 */
public final class CacheStreamCorruptionException extends IOException {
  @Serial private static final long serialVersionUID = 1L;

  /** A corruption found while streaming. */
  public CacheStreamCorruptionException() {
    super("a cache entry failed verification while it was read; it has been removed",
        new CacheCorruptionException());
  }
}
