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
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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

  @Test
  void watch_memoryCache_rejectedWithTheRule() throws Exception {
    try (VerifiedCache cache = MemoryCache.create(CacheConfig.builder().backend(CacheConfig.Backend.MEMORY).build())) {
      assertThatThrownBy(() -> IntegrityMonitor.watch(cache, e -> { }))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a file cache");
    }
  }
}
