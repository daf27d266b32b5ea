package dev.sectools.internal.cache;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The file store's own writes, counted per path while an integrity monitor watches, so that the
 * monitor can tell the events they cause from anyone else's. Each write explains one event. The
 * monitor is also told of each content directory before the store writes into it, so it never
 * misses a change in a directory made moments before (its own events could arrive too late).
 */
final class OwnWrites {
  private final ConcurrentHashMap<String, Integer> pending = new ConcurrentHashMap<>();
  private volatile boolean enabled;
  private volatile Consumer<String> directoryWatcher;

  /** Records that the store is about to create {@code path}, if a monitor watches. */
  void expect(String path) {
    if (enabled) {
      pending.merge(path, 1, Integer::sum);
    }
  }

  /** Whether a recorded write explains an event on {@code path}; consumes the record. */
  boolean consume(String path) {
    boolean[] found = new boolean[1];
    pending.computeIfPresent(path, (p, n) -> {
      found[0] = true;
      return n == 1 ? null : n - 1;
    });
    return found[0];
  }

  /**
   * Starts recording and has {@code watcher} called, before the store writes into it, with every
   * content directory a write uses; {@code null} stops both and forgets what was recorded.
   */
  void watch(Consumer<String> watcher) {
    directoryWatcher = watcher;
    enabled = watcher != null;
    if (watcher == null) {
      pending.clear();
    }
  }

  /** The store is about to write into {@code dir}: a monitor must watch it first. */
  void directoryInUse(String dir) {
    Consumer<String> w = directoryWatcher;
    if (w != null) {
      w.accept(dir);
    }
  }
}
