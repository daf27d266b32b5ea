package dev.sectools.internal.cache;

import java.io.IOException;

/**
 * A store that works over another one under derived keys ({@link EncryptingStore},
 * {@link SigningStore}): what needs no work of its own (removing, clearing, collecting, sizes,
 * closing) goes to the inner store, under the inner key for a key.
 */
abstract class DecoratingStore implements Store {
  /** The store below, which holds the bytes. */
  protected final Store inner;

  /** A decorator over {@code inner}. */
  protected DecoratingStore(Store inner) {
    this.inner = inner;
  }

  /** The inner store's key for {@code key}. */
  protected abstract EntryKey innerKey(EntryKey key) throws IOException;

  @Override
  public FileStore fileStore() {
    return inner.fileStore();
  }

  @Override
  public void discard(Lookup found) throws IOException {
    inner.discard(found.inner() != null ? found.inner() : found);
  }

  @Override
  public void removeIfUnchanged(Lookup found) throws IOException {
    inner.removeIfUnchanged(found.inner() != null ? found.inner() : found);
  }

  @Override
  public boolean remove(EntryKey key) throws IOException {
    return inner.remove(innerKey(key));
  }

  @Override
  public void clear() throws IOException {
    inner.clear();
  }

  @Override
  public long gc() throws IOException {
    return inner.gc();
  }

  @Override
  public Usage usage() {
    return inner.usage();
  }

  @Override
  public void close() throws IOException {
    inner.close();
  }
}
