package dev.sectools.internal.cache;

import java.io.InputStream;

/** Verified bytes held privately by this process, ready to be handed to a caller. */
public interface Content {
  /** The number of bytes. */
  long size();

  /** A new stream over the bytes; each call starts at the beginning. */
  InputStream newInputStream();

  /** Lets go of the bytes (wiping or unpinning them); streams opened earlier then fail. Idempotent. */
  void release();
}
