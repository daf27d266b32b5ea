package dev.sectools.internal.cache;

import dev.sectools.cache.Sha256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file store's view of what it holds: keys in least-recently-used order, how many keys point
 * at each content, and the bytes of distinct content. Not thread-safe: the store locks it.
 */
final class StoreState {
  private record Entry(Sha256 sha, long size) {}

  private final long maxBytes;
  private final LinkedHashMap<String, Entry> keys = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<Sha256, long[]> contents = new HashMap<>(); // sha -> {references, size}
  private final List<Sha256> unreferenced = new ArrayList<>();
  private long bytes;
  private long evictions;

  StoreState(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Records that {@code name} now points at {@code sha}; returns content no key points at any more. */
  List<Sha256> put(String name, Sha256 sha, long size) {
    List<Sha256> gone = remove(name);
    keys.put(name, new Entry(sha, size));
    long[] c = contents.computeIfAbsent(sha, s -> new long[] {0, size});
    if (c[0]++ == 0) {
      bytes += size;
    }
    gone.remove(sha);
    return gone;
  }

  /**
   * Marks {@code name} as just used, adding it if another process wrote it. A lookup that found
   * other content than this process last wrote changes nothing: it may be older than that write,
   * and acting on it would let the newer content be deleted as unreferenced.
   */
  void touch(String name, Sha256 sha, long size) {
    if (keys.get(name) == null) {
      unreferenced.addAll(put(name, sha, size));
    }
  }

  /**
   * Whether {@code name} is known here to point at {@code sha}: a put of this process, or a lookup
   * since. Another process may have changed it since; only the index says for sure. Counts as a
   * use of {@code name}, as the lookup that follows does.
   */
  boolean holds(String name, Sha256 sha) {
    Entry e = keys.get(name);
    return e != null && e.sha().equals(sha);
  }

  /** Forgets {@code name}; returns its content if no other key points at it. */
  List<Sha256> remove(String name) {
    List<Sha256> gone = new ArrayList<>();
    Entry e = keys.remove(name);
    if (e != null) {
      long[] c = contents.get(e.sha());
      if (c != null && --c[0] == 0) {
        contents.remove(e.sha());
        bytes -= c[1];
        gone.add(e.sha());
      }
    }
    return gone;
  }

  /** Forgets content found corrupt, and every key pointing at it. */
  void forgetContent(Sha256 sha) {
    keys.values().removeIf(e -> e.sha().equals(sha));
    long[] c = contents.remove(sha);
    if (c != null) {
      bytes -= c[1];
    }
  }

  /**
   * Removes least recently used keys until the bytes fit, keeping at least the newest key;
   * returns the names removed. Content they leave unreferenced is queued for
   * {@link #drainUnreferenced()}.
   */
  List<String> evict() {
    List<String> evicted = new ArrayList<>();
    Iterator<Map.Entry<String, Entry>> it = keys.entrySet().iterator();
    while (bytes > maxBytes && keys.size() > 1 && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      it.remove();
      long[] c = contents.get(eldest.getValue().sha());
      if (c != null && --c[0] == 0) {
        contents.remove(eldest.getValue().sha());
        bytes -= c[1];
        unreferenced.add(eldest.getValue().sha());
      }
      evicted.add(eldest.getKey());
      evictions++;
    }
    return evicted;
  }

  /** Content that lost its last key since the last call. */
  List<Sha256> drainUnreferenced() {
    List<Sha256> out = List.copyOf(unreferenced);
    unreferenced.clear();
    return out;
  }

  boolean isReferenced(String contentHex) {
    return contentHex.length() == 2 * Sha256.BYTES && contentHex.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))
        && contents.containsKey(Sha256.ofHex(contentHex));
  }

  void reset() {
    keys.clear();
    contents.clear();
    unreferenced.clear();
    bytes = 0;
  }

  long entries() {
    return keys.size();
  }

  long bytes() {
    return bytes;
  }

  long evictions() {
    return evictions;
  }
}
