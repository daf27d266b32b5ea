package dev.sectools.cache;

import static dev.sectools.cache.TestCaches.put;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TOCTOU: an attacker thread changes an entry's content file in a loop while reader threads read
 * the entry thousands of times. Every byte a reader receives must be the entry's own, in order; a
 * read that does not return the whole entry must end in a cache exception (after which the reader
 * puts the entry back, as a caller refetching it would).
 */
final class ContentRace {
  private ContentRace() {}

  /** One move of the attacker, on the content file of the entry, in round {@code round}. */
  @FunctionalInterface
  interface Attack {
    void step(Path content, byte[] good, byte[] bad, long round) throws IOException;
  }

  /** One read of the entry, writing what it receives to {@code got}. */
  @FunctionalInterface
  interface Read {
    void read(VerifiedCache cache, Sha256 sha, ByteArrayOutputStream got) throws Exception;
  }

  /**
   * Races {@code readers} threads doing {@code reads} reads each against {@code attack}, on the
   * entry {@code "ref"} holding {@code good} in {@code cache}, whose content file is
   * {@code content}; asserts that nobody received a wrong byte and prints the counts.
   */
  static void run(VerifiedCache cache, Path content, byte[] good, byte[] bad, int readers, int reads, Attack attack,
      Read read) throws Exception {
    Sha256 sha = put(cache, "ref", good);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong whole = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    Thread attacker = Thread.ofPlatform().start(() -> {
      for (long round = 0; !stop.get(); round++) {
        try {
          attack.step(content, good, bad, round);
        } catch (IOException e) {
          // the cache removed the file meanwhile: try again
        }
      }
    });
    List<Thread> threads = new ArrayList<>();
    for (int r = 0; r < readers; r++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < reads; i++) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean complete = false;
            try {
              read.read(cache, sha, got);
              complete = true;
            } catch (CacheCorruptionException | CacheMissException | CacheStreamCorruptionException e) {
              refused.incrementAndGet();
              put(cache, "ref", good);
            }
            byte[] g = got.toByteArray();
            if (complete ? !Arrays.equals(g, good) : !Arrays.equals(g, 0, g.length, good, 0, g.length)) {
              failures.add(new AssertionError("wrong bytes received on read " + i));
              return;
            }
            if (complete) {
              whole.incrementAndGet();
            }
          }
        } catch (Throwable t) {
          failures.add(t);
        }
      }));
    }
    try {
      for (Thread t : threads) {
        t.join();
      }
    } finally {
      stop.set(true);
      attacker.join();
    }
    System.out.printf("TOCTOU race: %d whole, %d refused, 0 wrong%n", whole.get(), refused.get());
    assertThat(failures).isEmpty();
    assertThat(whole.get() + refused.get()).isEqualTo((long) readers * reads);
  }
}
