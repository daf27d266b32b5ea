package dev.sectools.cache;

import java.io.IOException;
import java.io.Serial;

/**
 * Thrown by {@link VerifiedCache#get} when the cache holds no entry for the key with the SHA-256
 * asked for: never stored, evicted, invalidated, expired, stored by another key or user, or
 * holding other content. A miss is an ordinary outcome: fetch the content and {@code put} it.
 * The message names no key.
 */
public final class CacheMissException extends IOException {
  @Serial private static final long serialVersionUID = 1L;

  /** Creates the exception with the fixed message "cache miss". */
  public CacheMissException() {
    super("cache miss");
  }
}
