package dev.sectools.internal.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of recently read secrets, reused while {@link Storage#changeCounter()} says nothing
 * was committed since they were read: a warm {@code get} then costs one cheap statement instead
 * of a join. It holds what the database holds (ciphertexts, keyed hashes, numbers), never a
 * value or a name, and forgets everything on any change by any process.
 *
 * <p>Not thread-safe: used inside {@link Storage#inTransaction}, which SQLite runs one at a time.
 * A backend that runs transactions side by side (PostgreSQL) answers {@code -1} from
 * {@link Storage#changeCounter()}, and then this touches no state of its own.
 */
final class LookupCache {
  private final int capacity;
  private final Map<Key, Storage.Lookup> rows;
  private long seen = -1;

  LookupCache(int capacity) {
    this.capacity = capacity;
    this.rows = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Storage.Lookup> eldest) {
        return size() > LookupCache.this.capacity;
      }
    };
  }

  /** {@link Storage#lookup}, answered from the cache when nothing has changed. */
  Optional<Storage.Lookup> lookup(Storage storage, byte[] pathId, long version) throws IOException {
    long counter = capacity == 0 ? -1 : storage.changeCounter();
    if (counter == -1) {
      return storage.lookup(pathId, version);
    }
    if (counter != seen) {
      rows.clear();
      seen = counter;
    }
    Key key = new Key(ByteBuffer.wrap(pathId), version);
    Storage.Lookup hit = rows.get(key);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<Storage.Lookup> found = storage.lookup(pathId, version);
    found.ifPresent(row -> rows.put(key, row));
    return found;
  }

  private record Key(ByteBuffer pathId, long version) {}
}
