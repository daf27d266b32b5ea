package dev.sectools.internal.cache;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The file store's own writes, recorded while an integrity monitor watches, so that the monitor
 * can tell the events they cause from anyone else's. Each write explains one event.
 *
 * <p>Records are kept per directory, in the order of the writes. The store makes its writes one at
 * a time, and the events of one directory arrive in that order; so once an event is matched with
 * a write, an older write in that directory still unmatched never will be: its event was lost
 * (merged by the kernel into an identical one, or made before the directory was watched) or the
 * write failed. Such records are dropped then, since a record left over would explain away a later
 * change by someone else to the same file.
 *
 * <p>The monitor is also told of each content directory before the store writes into it, so it
 * never misses a change in a directory made moments before (its own events could arrive too late).
 */
final class OwnWrites {
  /** Per directory, the files written whose events have not been matched yet, oldest first. */
  private final Map<String, ArrayDeque<String>> pending = new HashMap<>();
  private boolean enabled;
  private volatile Consumer<String> directoryWatcher;

  /** Records that the store is about to create {@code path}, if a monitor watches. */
  synchronized void expect(String path) {
    if (enabled) {
      pending.computeIfAbsent(parent(path), d -> new ArrayDeque<>()).addLast(path);
    }
  }

  /**
   * Whether a recorded write explains an event on {@code path}; consumes the oldest record of it,
   * and drops the older records of its directory (see the class comment).
   */
  synchronized boolean consume(String path) {
    String dir = parent(path);
    ArrayDeque<String> writes = pending.get(dir);
    if (writes == null || !writes.contains(path)) {
      return false;
    }
    String oldest;
    do {
      oldest = writes.removeFirst();
    } while (!oldest.equals(path));
    if (writes.isEmpty()) {
      pending.remove(dir);
    }
    return true;
  }

  /**
   * Starts recording afresh, forgetting every earlier record, and has {@code watcher} called,
   * before the store writes into it, with every content directory a write uses; {@code null}
   * stops both. A monitor that lost events starts afresh: the records of writes whose events were
   * lost would otherwise explain away later changes by someone else.
   *
   * <p>A write that sees the watcher sees recording on: {@link #expect} takes the lock this
   * holds while it sets both.
   */
  synchronized void watch(Consumer<String> watcher) {
    pending.clear();
    enabled = watcher != null;
    directoryWatcher = watcher;
  }

  /** The store is about to write into {@code dir}: a monitor must watch it first. */
  void directoryInUse(String dir) {
    Consumer<String> w = directoryWatcher;
    if (w != null) {
      w.accept(dir);
    }
  }

  private static String parent(String path) {
    return path.substring(0, Math.max(0, path.lastIndexOf('/')));
  }
}
