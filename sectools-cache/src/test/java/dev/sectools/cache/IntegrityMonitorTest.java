package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.NS;
import static dev.sectools.cache.TestCaches.bytes;
import static dev.sectools.cache.TestCaches.contentFile;
import static dev.sectools.cache.TestCaches.get;
import static dev.sectools.cache.TestCaches.onlyIndexFile;
import static dev.sectools.cache.TestCaches.persistent;
import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityMonitorTest {
  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("cache");
  }

  @Test
  void watch_contentRewrittenInPlaceByOther_eventReportedEntryInvalidated() throws Exception {
    BlockingQueue<SecurityEvent> events = new LinkedBlockingQueue<>();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()));
        IntegrityMonitor monitor = IntegrityMonitor.watch(cache, events::add)) {
      Sha256 sha = put(cache, "ref", bytes(1000, 1)); // the cache's own writes: no event
      assertThat(get(cache, "ref", sha)).hasSize(1000);
      Path content = contentFile(dir(), sha);
      try (FileChannel ch = FileChannel.open(content, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.wrap(new byte[] {42}), 10);
      }
      SecurityEvent event = events.poll(30, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.MODIFIED);
      assertThat(event.entry()).isEqualTo("content/" + sha.hex().substring(0, 2) + "/" + sha.hex().substring(2, 4)
          + "/" + sha.hex());
      assertThat(content).doesNotExist();
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      assertThat(events).as("the cache's own put caused no event").isEmpty();
    }
  }

  @Test
  void watch_indexRecordPlantedByOther_eventReportedRecordRemoved() throws Exception {
    BlockingQueue<SecurityEvent> events = new LinkedBlockingQueue<>();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()))) {
      Sha256 sha = put(cache, "ref", bytes(100, 2));
      Path record = onlyIndexFile(dir());
      byte[] saved = Files.readAllBytes(record);
      try (IntegrityMonitor monitor = IntegrityMonitor.watch(cache, events::add)) {
        put(cache, "other", bytes(100, 3));
        Path planted = Files.write(tmp.resolve("planted"), saved);
        Files.delete(record);
        Files.move(planted, record); // renamed in: a create the cache did not make
        SecurityEvent event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.CREATED_BY_OTHER);
        assertThat(event.entry()).isEqualTo("index/" + record.getFileName());
        assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
      }
    }
  }

  @Test
  void watch_afterClear_stillDetectsForeignChanges() throws Exception {
    BlockingQueue<SecurityEvent> events = new LinkedBlockingQueue<>();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()));
        IntegrityMonitor monitor = IntegrityMonitor.watch(cache, events::add)) {
      put(cache, "before", bytes(100, 4));
      cache.clear(); // removes and makes again the watched directories
      Sha256 sha = put(cache, "ref", bytes(100, 5));
      Path content = contentFile(dir(), sha);
      SecurityEvent event = null;
      // the monitor re-watches asynchronously: change the file until it reports (or 30 s pass)
      for (int attempt = 0; attempt < 300 && event == null && Files.exists(content); attempt++) {
        try (FileChannel ch = FileChannel.open(content, StandardOpenOption.WRITE)) {
          ch.write(ByteBuffer.wrap(new byte[] {(byte) attempt}), 0);
        }
        event = events.poll(100, TimeUnit.MILLISECONDS);
      }
      if (event == null) { // removed by the monitor between its report and our poll
        event = events.poll(30, TimeUnit.SECONDS);
      }
      assertThat(event).isNotNull();
      assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.MODIFIED);
    }
  }

  /**
   * {@code clear()} removes and makes again {@code index/}: the monitor must watch the new one
   * by the time {@code clear()} returns. Re-watching only when the old watch ended could run
   * before the directory was back, and leave the index unwatched for good.
   */
  @Test
  void watch_afterClear_indexRecordPlantedByOtherIsReported() throws Exception {
    BlockingQueue<SecurityEvent> events = new LinkedBlockingQueue<>();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()));
        IntegrityMonitor monitor = IntegrityMonitor.watch(cache, events::add)) {
      put(cache, "before", bytes(100, 6));
      cache.clear();
      Path planted = Files.write(tmp.resolve("planted"), new byte[] {1, 2, 3});
      Path record = dir().resolve("index").resolve("ab".repeat(32));
      Files.move(planted, record); // renamed in: a create the cache did not make
      SecurityEvent event = events.poll(30, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.CREATED_BY_OTHER);
      assertThat(event.entry()).isEqualTo("index/" + record.getFileName());
    }
  }

  @Test
  void foreignRename_rightAfterOwnPut_isReported() throws Exception {
    HeldListener listener = new HeldListener();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()));
        IntegrityMonitor monitor = IntegrityMonitor.watch(cache, listener)) {
      holdMonitorThread(cache, listener);
      Sha256 sha = put(cache, "ref", bytes(1000, 6));
      Path content = contentFile(dir(), sha);
      renameOver(content, bytes(1000, 7)); // the same event as the put's own: the JDK merges the two
      flushEvents(cache);
      listener.release();

      SecurityEvent event = listener.awaitEntry(relative(content));
      assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.CREATED_BY_OTHER);
      assertThat(content).doesNotExist();
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void foreignRename_afterTwoMergedOwnPutsOfOneContent_isReported() throws Exception {
    HeldListener listener = new HeldListener();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()));
        IntegrityMonitor monitor = IntegrityMonitor.watch(cache, listener)) {
      holdMonitorThread(cache, listener);
      byte[] data = bytes(1000, 8);
      Sha256 sha = put(cache, "a", data);
      put(cache, "b", data); // the same content file again: one event, counted twice
      flushEvents(cache);
      listener.release();
      Path content = contentFile(dir(), sha);
      awaitMonitorPast(listener, content.getParent());

      renameOver(content, bytes(1000, 9));

      SecurityEvent event = listener.awaitEntry(relative(content));
      assertThat(event.kind()).isEqualTo(SecurityEvent.Kind.CREATED_BY_OTHER);
      assertThatThrownBy(() -> cache.get(NS, "a", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void floodedDirectory_thenEntryReplaced_isReported() throws Exception {
    HeldListener listener = new HeldListener();
    try (VerifiedCache cache = TestCaches.open(persistent(dir()));
        IntegrityMonitor monitor = IntegrityMonitor.watch(cache, listener)) {
      holdMonitorThread(cache, listener);
      Sha256 sha = put(cache, "ref", bytes(1000, 10));
      Path content = contentFile(dir(), sha);
      for (int i = 0; i < 2 * 512; i++) { // more than the JDK keeps per directory: its events are dropped
        Files.createFile(content.resolveSibling("junk" + i));
      }
      renameOver(content, bytes(1000, 11));
      flushEvents(cache);
      listener.release();

      SecurityEvent lost = listener.awaitEntry(relative(content.getParent()));
      assertThat(lost.kind()).isEqualTo(SecurityEvent.Kind.EVENTS_LOST);
      SecurityEvent found = listener.awaitEntry(relative(content));
      assertThat(found.kind()).isEqualTo(SecurityEvent.Kind.FOUND_CORRUPT);
      assertThat(content).doesNotExist();
      assertThatThrownBy(() -> cache.get(NS, "ref", sha)).isInstanceOf(CacheMissException.class);
    }
  }

  @Test
  void ownPuts_whileWatchStarts_areNotReported() throws Exception {
    HeldListener listener = new HeldListener();
    listener.release(); // nothing to hold here
    try (VerifiedCache cache = TestCaches.open(persistent(dir()))) {
      // many fan-out directories make watch() register for a while: puts run all along
      for (int i = 0; i < 4096; i++) {
        Files.createDirectories(dir().resolve("content").resolve(String.format("%02x", i >> 4))
            .resolve(String.format("%02x", i & 0xf)));
      }
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch putting = new CountDownLatch(1);
      ExecutorService putter = Executors.newSingleThreadExecutor();
      try {
        Future<Integer> puts = putter.submit(() -> {
          int n = 0;
          while (!stop.get()) {
            put(cache, "k" + n, bytes(100, 1000 + n));
            n++;
            putting.countDown();
          }
          return n;
        });
        assertThat(putting.await(30, TimeUnit.SECONDS)).isTrue();
        try (IntegrityMonitor monitor = IntegrityMonitor.watch(cache, listener)) {
          stop.set(true);
          assertThat(puts.get(30, TimeUnit.SECONDS)).isPositive();
          Path marker = Files.createFile(dir().resolve("index").resolve("f".repeat(64)));
          // the monitor reports in the order of the index directory's events: the marker's comes last
          listener.awaitEntry(relative(marker));
          assertThat(listener.skipped).as("own writes taken for someone else's").isEmpty();
        }
      } finally {
        stop.set(true);
        putter.shutdown();
        assertThat(putter.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /** {@code file} relative to the cache directory, as a {@link SecurityEvent} names it. */
  private String relative(Path file) {
    return dir().relativize(file).toString();
  }

  /** Replaces {@code target} by a file with {@code data}, renamed in as an attacker would. */
  private void renameOver(Path target, byte[] data) throws Exception {
    Path forged = Files.write(tmp.resolve("forged"), data);
    Files.move(forged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Has the monitor thread report a change and wait in the listener until it is released: events
   * meanwhile queue up in their watch keys, where the JDK merges or drops them.
   */
  private void holdMonitorThread(VerifiedCache cache, HeldListener listener) throws Exception {
    Sha256 sha = put(cache, "hold", bytes(100, 12));
    try (FileChannel ch = FileChannel.open(contentFile(dir(), sha), StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {42}), 0);
    }
    assertThat(listener.holding.await(30, TimeUnit.SECONDS)).as("the monitor reports the change").isTrue();
  }

  /**
   * Makes sure that the events of every change made so far are in their watch keys. A put
   * registers its content directory with the monitor's watch service, and the JDK's Linux poller
   * thread reads all that the kernel has queued before it serves a registration.
   */
  private static void flushEvents(VerifiedCache cache) throws Exception {
    put(cache, "flush", bytes(100, 13));
  }

  /** Returns once the monitor has handled the events so far of directory {@code dir}. */
  private void awaitMonitorPast(HeldListener listener, Path dir) throws Exception {
    Path marker = Files.createFile(dir.resolve("0".repeat(64)));
    listener.awaitEntry(relative(marker));
  }

  /** Records the monitor's reports; the first one holds the monitor thread until released. */
  private static final class HeldListener implements Consumer<SecurityEvent> {
    final BlockingQueue<SecurityEvent> events = new LinkedBlockingQueue<>();
    final CountDownLatch holding = new CountDownLatch(1);
    /** Events {@link #awaitEntry} passed over, on the test thread. */
    final List<SecurityEvent> skipped = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public void accept(SecurityEvent event) {
      events.add(event);
      holding.countDown();
      try {
        released.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void release() {
      released.countDown();
    }

    /**
     * The first event about {@code entry}, which must come within 30 s; those before it are
     * added to {@link #skipped}.
     */
    SecurityEvent awaitEntry(String entry) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        SecurityEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(e).as("an event about %s within 30 s (before it: %s)", entry, skipped).isNotNull();
        if (e.entry().equals(entry)) {
          return e;
        }
        skipped.add(e);
      }
    }
  }

  @Test
  void watch_memoryCache_rejectedWithTheRule() throws Exception {
    try (VerifiedCache cache = MemoryCache.create(CacheConfig.builder().backend(CacheConfig.Backend.MEMORY).build())) {
      assertThatThrownBy(() -> IntegrityMonitor.watch(cache, e -> { }))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a file cache");
    }
  }
}
