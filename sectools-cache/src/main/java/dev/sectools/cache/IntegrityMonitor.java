package dev.sectools.cache;

import dev.sectools.internal.cache.FileStore;
import dev.sectools.internal.cache.Lookup;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Watches a file cache's directory ({@link WatchService}, inotify on Linux) and invalidates any
 * entry file changed by anyone but the cache, reporting a {@link SecurityEvent} to a listener and
 * as a warning to the {@code dev.sectools.cache} logger.
 *
 * <pre>{@code
 * try (IntegrityMonitor monitor = IntegrityMonitor.watch(cache, event -> alerts.send(event))) { … }
 * }</pre>
 *
 * <p>The cache records each file it is about to create, and each record explains one event. The
 * watch service merges back-to-back events of one kind on one name into one event that counts
 * them: such an event must be explained by as many records, or it is reported, since someone may
 * have renamed a file over the cache's own moments after it was written.
 *
 * <p>When the watch queue overflows (the kernel's, or the JDK's 512 events per directory), the
 * directory's events are dropped and the changes they told of go unseen. The monitor then reports
 * {@link SecurityEvent.Kind#EVENTS_LOST}, forgets the cache's records (a write whose event was
 * dropped would explain away a later foreign change to its file), watches again any directory made
 * meanwhile, and checks every entry whose content is in the directory (all entries if index
 * records may have changed) as {@link VerifiedCache#verifyAll} does: an entry that fails is removed
 * and reported as {@link SecurityEvent.Kind#FOUND_CORRUPT}. That check reads the entries it covers
 * in full, on the monitor's thread.
 *
 * <h2>Warning</h2>
 * The monitor is a detector, not the guarantee: events arrive after the fact, and what keeps wrong
 * bytes from ever being returned is the verification in {@link VerifiedCache#get}, which does not
 * depend on the monitor. In particular:
 * <ul>
 *   <li>The kernel itself merges an event into an identical one not yet read from its queue,
 *       without counting it: a file renamed over the cache's own in the microseconds before the
 *       JDK reads the first event goes unseen.
 *   <li>After lost events, the check compares bytes: a changed mode is not found, and a
 *       well-formed index record someone else wrote cannot be told from the cache's own (as with
 *       {@code verifyAll}). A put running while the monitor starts afresh may be reported, and
 *       its entry invalidated: the monitor errs towards reporting.
 *   <li>In a persistent cache shared by several processes, another process's writes count as
 *       foreign too.
 * </ul>
 */
public final class IntegrityMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.sectools.cache");
  private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}");

  private final FileStore store;
  private final Path base;
  private final WatchService watcher;
  private final Consumer<SecurityEvent> listener;
  private final InstantSource clock;
  private final Map<WatchKey, String> dirs = new ConcurrentHashMap<>();
  private final Thread thread;
  /** Guards {@link #closed}: recording must not start afresh once {@link #close} stopped it. */
  private final Object lifecycle = new Object();
  private boolean closed;

  private IntegrityMonitor(FileStore store, WatchService watcher, Consumer<SecurityEvent> listener,
      InstantSource clock) {
    this.store = store;
    this.base = store.directory();
    this.watcher = watcher;
    this.listener = listener;
    this.clock = clock;
    this.thread = Thread.ofPlatform().daemon().name("sectools-cache-monitor").unstarted(this::run);
  }

  /**
   * Starts watching {@code cache}'s directory (the file cache under any encrypted or signed
   * layers). Close the monitor before the cache.
   *
   * @throws IllegalArgumentException if {@code cache} holds no files (a memory cache)
   * @throws IOException if the watch cannot be set up
   */
  public static IntegrityMonitor watch(VerifiedCache cache, Consumer<SecurityEvent> listener) throws IOException {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(listener, "listener");
    FileStore store = fileStore(cache);
    WatchService watcher = FileSystems.getDefault().newWatchService();
    IntegrityMonitor m = new IntegrityMonitor(store, watcher, listener, InstantSource.system());
    try {
      // Record the cache's writes before watching: a write seen but not recorded would be
      // reported. setMonitor returns once a put already under way has finished.
      store.setMonitor(m::watchDirectory);
      m.register("index");
      m.registerTree("content");
    } catch (IOException | RuntimeException e) {
      store.setMonitor(null);
      watcher.close();
      throw e;
    }
    m.thread.start();
    return m;
  }

  private static FileStore fileStore(VerifiedCache cache) {
    FileStore files = ((StoreBackedCache) cache).store().fileStore();
    if (files == null) {
      throw new IllegalArgumentException("an integrity monitor needs a file cache, got " + cache);
    }
    return files;
  }

  /**
   * Watches {@code relative} and the fan-out directories already below it ({@code content},
   * {@code content/ab}, {@code content/ab/cd}): a directory made before its parent's watch saw it
   * is found by listing.
   */
  private void registerTree(String relative) throws IOException {
    register(relative);
    if (relative.chars().filter(c -> c == '/').count() < 2) {
      for (var e : store.list(relative)) {
        if (e.type() == dev.sectools.fs.FileType.DIRECTORY && e.name().length() == 2) {
          registerTree(relative + "/" + e.name());
        }
      }
    }
  }

  private void register(String relative) throws IOException {
    Path dir = base.resolve(relative);
    WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
    dirs.put(key, relative);
  }

  private void run() {
    try {
      while (true) {
        Set<String> lost = new HashSet<>();
        handleEvents(watcher.take(), lost);
        // A full kernel queue overflows every key: handle the others already signalled, then
        // recover once.
        for (int budget = dirs.size(); !lost.isEmpty() && budget > 0; budget--) {
          WatchKey next = watcher.poll();
          if (next == null) {
            break;
          }
          handleEvents(next, lost);
        }
        if (!lost.isEmpty()) {
          recover(lost);
        }
      }
    } catch (ClosedWatchServiceException e) {
      // closed: done
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Handles {@code key}'s events; adds the directory to {@code lost} if they overflowed. */
  private void handleEvents(WatchKey key, Set<String> lost) {
    String dir = dirs.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
        lost.add(dir == null ? "" : dir);
      } else if (dir != null && event.context() instanceof Path name) {
        handle(dir, name.toString(), event.kind(), event.count());
      }
    }
    if (!key.reset()) {
      rewatch(dirs.remove(key));
    }
  }

  /**
   * Called by the store, on the writing thread, before it writes into {@code content/ab/cd}: the
   * watch is in place before the file exists, however late this thread sees the directory's own
   * creation event. Registering a watched directory again is harmless.
   */
  private void watchDirectory(String dir) {
    try {
      if (dir.equals("index")) {
        register("index"); // made again by clear()
      } else if (dir.equals("content")) {
        registerTree("content");
      } else {
        registerTree(dir.substring(0, dir.lastIndexOf('/')));
      }
    } catch (IOException | java.nio.file.ClosedWatchServiceException e) {
      LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor could not watch a new directory", e);
    }
  }

  /** {@code clear()} removes and makes again the top directories: watch the new ones. */
  private void rewatch(String dir) {
    try {
      if ("index".equals(dir)) {
        register("index");
      } else if ("content".equals(dir)) {
        registerTree("content");
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor lost its watch on " + dir, e);
    }
  }

  /** Handles one event, which stands for {@code count} identical ones the watch service merged. */
  private void handle(String dir, String name, WatchEvent.Kind<?> kind, int count) {
    String path = dir + "/" + name;
    try {
      if (!dir.equals("index") && !ENTRY_NAME.matcher(name).matches()) {
        // a content fan-out directory (ab, ab/cd) the cache made: watch it too
        if (kind == StandardWatchEventKinds.ENTRY_CREATE && name.length() == 2
            && java.nio.file.Files.isDirectory(base.resolve(path), LinkOption.NOFOLLOW_LINKS)
            && dir.chars().filter(c -> c == '/').count() < 2) {
          registerTree(path);
        }
        return;
      }
      if (!ENTRY_NAME.matcher(name).matches()) {
        return; // temporary names of atomic writes; never read by the cache
      }
      if (kind == StandardWatchEventKinds.ENTRY_CREATE && allOwn(path, count)) {
        return;
      }
      store.removeForeign(path);
      report(kind == StandardWatchEventKinds.ENTRY_CREATE ? SecurityEvent.Kind.CREATED_BY_OTHER
          : SecurityEvent.Kind.MODIFIED, path, "sectools cache: {0} {1} by someone other than the cache;"
          + " the entry was invalidated");
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor could not handle an event", e);
    }
  }

  /**
   * Whether the cache's own writes explain all {@code count} creations of {@code path}; consumes
   * a record for each, so that none is left to explain a later one away.
   */
  private boolean allOwn(String path, int count) {
    boolean own = true;
    for (int i = 0; i < count; i++) {
      own &= store.consumeOwnWrite(path);
    }
    return own;
  }

  /**
   * The events of {@code lost} directories were dropped ({@code ""}: of unknown ones): starts
   * recording afresh, watches again, reports, then checks the entries whose changes may have gone
   * unseen.
   */
  private void recover(Set<String> lost) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      store.setMonitor(this::watchDirectory);
    }
    for (String dir : lost) {
      try {
        if (dir.isEmpty()) {
          register("index");
          registerTree("content");
        } else if (!dir.equals("index")) {
          registerTree(dir); // a directory made meanwhile was not seen either
        }
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor lost its watch on " + dir, e);
      }
    }
    report(SecurityEvent.Kind.EVENTS_LOST, lost.size() == 1 ? lost.iterator().next() : "",
        "sectools cache: watch queue overflow, changes in {0} went unseen ({1}); checking its entries again");
    recheck(lost);
  }

  /**
   * Checks, as {@link VerifiedCache#verifyAll} does, the entries whose content lies in a
   * {@code lost} directory, or all of them if index records may have changed; the store removes
   * those that fail, and each is reported.
   */
  private void recheck(Set<String> lost) {
    boolean all = lost.contains("") || lost.contains("index");
    List<Lookup> entries;
    try {
      entries = store.entries();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor could not list the entries", e);
      return;
    }
    for (Lookup entry : entries) {
      String path = FileStore.contentPath(entry.sha());
      if (all || lost.stream().anyMatch(dir -> path.startsWith(dir + "/"))) {
        try {
          store.read(entry).release();
        } catch (CacheCorruptionException e) {
          report(SecurityEvent.Kind.FOUND_CORRUPT, path, "sectools cache: {0} no longer holds what the cache"
              + " wrote ({1}); the entry was removed");
        } catch (CacheMissException e) {
          // removed or replaced since it was listed: nothing to check
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor could not check an entry", e);
        }
      }
    }
  }

  /**
   * Logs {@code message} (with the entry as {@code {0}} and the kind as {@code {1}}) and tells the
   * listener; a failing listener is logged, and the monitor goes on.
   */
  private void report(SecurityEvent.Kind kind, String entry, String message) {
    SecurityEvent event = new SecurityEvent(kind, entry, clock.instant());
    LOG.log(System.Logger.Level.WARNING, message, entry.isEmpty() ? "the cache" : entry, kind);
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "sectools cache integrity monitor: the listener failed", e);
    }
  }

  /** Stops watching and waits for the watch thread to end. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (lifecycle) {
      closed = true;
      store.setMonitor(null);
    }
    watcher.close();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "IntegrityMonitor{" + (thread.isAlive() ? "watching" : "stopped") + "}";
  }
}
