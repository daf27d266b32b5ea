package dev.sectools.cache;

import dev.sectools.internal.cache.FileStore;
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
import java.util.Map;
import java.util.Objects;
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
 * <h2>Warning</h2>
 * The monitor is a detector, not the guarantee: events arrive after the fact, and a watch queue
 * can overflow. What keeps wrong bytes from ever being returned is the verification in
 * {@link VerifiedCache#get}, which does not depend on the monitor. The kernel itself merges an
 * event into an identical one not yet read from its queue, without counting it: a file renamed
 * over the cache's own in the microseconds before the JDK reads the first event goes unseen. In a
 * persistent cache shared by several processes, another process's writes count as foreign too.
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
      // Record the cache's writes before watching: a write seen but not recorded would be reported.
      store.setMonitor(m::watchDirectory);
      // A put holds the store's lock from its first record to its last write, and usage() takes
      // it: past this, a put that began before recording has made every write it did not record,
      // so none of them is seen by the watches registered below.
      long entries = store.usage().entries();
      m.register("index");
      m.registerTree("content");
      LOG.log(System.Logger.Level.DEBUG, "sectools cache integrity monitor: watching {0} entries", entries);
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
        WatchKey key = watcher.take();
        String dir = dirs.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
          if (dir != null && event.context() instanceof Path name) {
            handle(dir, name.toString(), event.kind(), event.count());
          }
        }
        if (!key.reset()) {
          rewatch(dirs.remove(key));
        }
      }
    } catch (ClosedWatchServiceException e) {
      // closed: done
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Called by the store, on the writing thread, before it writes into {@code content/ab/cd}: the
   * watch is in place before the file exists, however late this thread sees the directory's own
   * creation event. Registering a watched directory again is harmless.
   */
  private void watchDirectory(String dir) {
    try {
      registerTree(dir.substring(0, dir.lastIndexOf('/')));
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
      boolean ours = kind == StandardWatchEventKinds.ENTRY_CREATE && allOwn(path, count);
      if (ours) {
        return;
      }
      SecurityEvent event = new SecurityEvent(kind == StandardWatchEventKinds.ENTRY_CREATE
          ? SecurityEvent.Kind.CREATED_BY_OTHER : SecurityEvent.Kind.MODIFIED, path, clock.instant());
      store.removeForeign(path);
      LOG.log(System.Logger.Level.WARNING, "sectools cache: {0} {1} by someone other than the cache;"
          + " the entry was invalidated", path, event.kind());
      listener.accept(event);
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

  /** Stops watching and waits for the watch thread to end. Idempotent. */
  @Override
  public void close() throws IOException {
    store.setMonitor(null);
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
