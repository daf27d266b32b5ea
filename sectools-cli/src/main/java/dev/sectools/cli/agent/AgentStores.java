package dev.sectools.cli.agent;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Failures;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.cli.secrets.SessionKey;
import dev.sectools.cli.secrets.Stores;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The stores an agent holds open, keyed by their canonical directory, each with the key derived
 * from its passphrase (a {@link SessionKey}: commands the agent runs open the store with it, no
 * derivation), and its idle lock. Reads share a read lock; locking (closing every store and
 * forgetting every key) takes the write lock, so it waits for reads in flight and no read sees a
 * closed store. Opening a store (one Argon2id derivation) happens outside both, so one unlock
 * does not stall other clients.
 */
final class AgentStores implements AutoCloseable {
  /** An unlocked store: the key and the store opened with it. */
  private record Held(SessionKey key, SecretStore store) {}

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Path, Held> open = new TreeMap<>();
  private final InstantSource clock;
  private final Duration idleTimeout;
  private volatile Instant lastUse;

  AgentStores(InstantSource clock, Duration idleTimeout) {
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    this.lastUse = clock.instant();
  }

  /** Replies to GET: the value and its version, {@link AgentProtocol#NOT_UNLOCKED}, or an error. */
  Frame get(String directory, String path, long version) {
    lock.readLock().lock();
    try {
      Path dir = canonical(directory);
      Held held = open.get(dir);
      if (held == null) {
        return Frame.of(AgentProtocol.NOT_UNLOCKED, "the agent does not hold the store " + dir);
      }
      SecretStore store = held.store();
      lastUse = clock.instant();
      try (SecureBuffer value = version == 0 ? store.get(path) : store.get(path, version)) {
        long shown = version != 0 ? version : store.metadata(path).currentVersion();
        byte[] bytes = new byte[value.length()];
        value.copyTo(bytes);
        return new Frame(AgentProtocol.OK, List.of(Long.toString(shown).getBytes(StandardCharsets.UTF_8), bytes));
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return error(e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Replies to UNLOCK: opens the store with {@code passphrase} (wiped here) and keeps it. */
  Frame unlock(String directory, byte[] passphrase) {
    char[] chars = decode(passphrase);
    try {
      Path dir = canonical(directory);
      lock.readLock().lock();
      try {
        if (open.containsKey(dir)) {
          return Frame.of(AgentProtocol.OK);
        }
      } finally {
        lock.readLock().unlock();
      }
      keep(dir, openStore(dir, chars));
      return Frame.of(AgentProtocol.OK);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return error(e);
    } finally {
      Arrays.fill(chars, '\0');
      Arrays.fill(passphrase, (byte) 0);
    }
  }

  /**
   * The key of the store in {@code directory} for a command to run with, or empty if the agent
   * does not hold it. Counts as a use (the idle timeout starts again).
   */
  Optional<SessionKey> sessionKey(String directory) throws IOException {
    Path dir = canonical(directory);
    lock.readLock().lock();
    try {
      Held held = open.get(dir);
      if (held == null) {
        return Optional.empty();
      }
      lastUse = clock.instant();
      return Optional.of(held.key());
    } finally {
      lock.readLock().unlock();
    }
  }

  private static Held openStore(Path dir, char[] passphrase) throws IOException, GeneralSecurityException {
    SessionKey key = SessionKey.of(PassphraseKeyProvider.of(passphrase));
    try {
      return new Held(key, Stores.open(dir, key));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      key.close();
      throw e;
    }
  }

  private void keep(Path dir, Held held) throws IOException {
    lock.writeLock().lock();
    try {
      if (open.putIfAbsent(dir, held) != null) {
        held.store().close(); // another client unlocked it meanwhile
        held.key().close();
      }
      lastUse = clock.instant();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes every store; returns how many were open. */
  int lock() {
    lock.writeLock().lock();
    try {
      int n = open.size();
      for (Held h : open.values()) {
        try {
          h.store().close();
        } catch (IOException | RuntimeException e) {
          // closing a read-only use cannot lose data; the reference is dropped either way
        } finally {
          h.key().close();
        }
      }
      open.clear();
      return n;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Locks if stores are open and none was used for the idle timeout; returns whether it did. */
  boolean lockIfIdle() {
    if (isLocked() || clock.instant().isBefore(lastUse.plus(idleTimeout))) {
      return false;
    }
    return lock() > 0;
  }

  /** Whether no store is open. */
  boolean isLocked() {
    lock.readLock().lock();
    try {
      return open.isEmpty();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The canonical directories of the open stores. */
  List<Path> openStores() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(open.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** When the agent will lock itself if nothing uses it. */
  Instant locksAt() {
    return lastUse.plus(idleTimeout);
  }

  /** The idle timeout. */
  Duration idleTimeout() {
    return idleTimeout;
  }

  @Override
  public void close() {
    lock();
  }

  private static Path canonical(String directory) throws IOException {
    Path dir = Path.of(directory);
    if (!dir.isAbsolute()) {
      throw new IllegalArgumentException("the store directory must be absolute, was " + directory);
    }
    try {
      return dir.toRealPath();
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.NOT_FOUND, "no store at " + dir
          + "; create one with 'sectools secrets init --store " + dir + "'", e);
    }
  }

  private static char[] decode(byte[] utf8) {
    char[] chars = new char[utf8.length];
    CharBuffer out = CharBuffer.wrap(chars);
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    decoder.decode(ByteBuffer.wrap(utf8), out, true);
    decoder.flush(out);
    char[] exact = Arrays.copyOf(chars, out.position());
    Arrays.fill(chars, '\0');
    return exact;
  }

  private static Frame error(Throwable e) {
    Failures.Failure f = Failures.classify(e);
    return Frame.of((byte) f.exit().code(), f.message());
  }
}
