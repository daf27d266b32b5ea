package dev.sectools.internal.memory;

import dev.sectools.memory.MemoryPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Zeroed mappings of freed large buffers, kept for reuse: a 4 KiB secret would otherwise cost six
 * system calls and page faults on every allocation ({@code mmap}, {@code mprotect}, two
 * {@code madvise}, {@code mlock}, {@code munmap}). At most {@value #MAX_CACHED_BYTES} bytes of
 * data pages are kept, in mappings of at most {@value #MAX_PAGES} pages. Cached pages stay
 * locked, so when a lock fails the cache is emptied and the lock tried again.
 *
 * <p>Thread-safe.
 */
final class MappingCache {
  static final int MAX_PAGES = 16;
  static final long MAX_CACHED_BYTES = 256 * 1024;

  private static final List<ArrayDeque<GuardedMapping>> BY_PAGES = new ArrayList<>();
  private static long cachedBytes;

  static {
    for (int i = 0; i <= MAX_PAGES; i++) {
      BY_PAGES.add(new ArrayDeque<>());
    }
  }

  private MappingCache() {}

  /** A cached mapping of exactly {@code pages} data pages that suits {@code policy}, or null. */
  static synchronized GuardedMapping take(int pages, MemoryPolicy policy) {
    if (pages > MAX_PAGES) {
      return null;
    }
    for (GuardedMapping m : BY_PAGES.get(pages)) {
      if (m.isLocked() || policy == MemoryPolicy.BEST_EFFORT) {
        BY_PAGES.get(pages).remove(m);
        cachedBytes -= m.data().byteSize();
        return m;
      }
    }
    return null;
  }

  /** Keeps {@code mapping} (already zeroed) if there is room; returns whether it was kept. */
  static synchronized boolean offer(GuardedMapping mapping, int pages) {
    long bytes = mapping.data().byteSize();
    if (pages > MAX_PAGES || cachedBytes + bytes > MAX_CACHED_BYTES) {
      return false;
    }
    BY_PAGES.get(pages).addLast(mapping);
    cachedBytes += bytes;
    return true;
  }

  /** Unmaps every cached mapping; returns whether there was any. */
  static boolean drain() {
    ArrayDeque<GuardedMapping> all = new ArrayDeque<>();
    synchronized (MappingCache.class) {
      for (ArrayDeque<GuardedMapping> q : BY_PAGES) {
        all.addAll(q);
        q.clear();
      }
      cachedBytes = 0;
    }
    all.forEach(GuardedMapping::unmap);
    return !all.isEmpty();
  }
}
