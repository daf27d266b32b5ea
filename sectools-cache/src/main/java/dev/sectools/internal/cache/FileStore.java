package dev.sectools.internal.cache;

import dev.sectools.cache.CacheCorruptionException;
import dev.sectools.cache.CacheMissException;
import dev.sectools.cache.ContentMismatchException;
import dev.sectools.cache.Sha256;
import dev.sectools.fs.AtomicOutputStream;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.DirectoryEntry;
import dev.sectools.fs.Durability;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.HardLinkPolicy;
import dev.sectools.fs.HardLinkRefusedException;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.temp.ExistingDirectoryPolicy;
import dev.sectools.temp.InsecureDirectoryException;
import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file store: content-addressed files {@code content/ab/cd/<sha256>} and one index record per
 * key {@code index/<sha256 of the key>}, all under a {@link ConfinedRoot} (files {@code 0600},
 * directories {@code 0700}, no link ever followed).
 *
 * <p>A put streams into a nameless temporary file while hashing, links it in as
 * {@code staging/<random>} only if the hash is acceptable, then renames it to its content name
 * and writes the index record, each step atomic. A read opens the content once and verifies the
 * bytes it copies from that descriptor ({@link Verifier}). Recency and sizes are tracked in
 * memory ({@link Usage}), seeded from the index when the store opens and rebuilt by {@link #gc()}.
 */
public final class FileStore implements Store {
  static final String CONTENT = "content";
  static final String INDEX = "index";
  static final String STAGING = "staging";
  /**
   * How long a file no record of this process explains is left alone by {@link #gc()} and
   * {@link #entries()}: another process's write in flight is younger (a write in progress keeps
   * its file's modification time fresh).
   */
  static final Duration IN_FLIGHT_GRACE = Duration.ofMinutes(10);
  private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
  private static final long MAX_INDEX_BYTES = IndexRecord.MAX_META_BYTES + 8 * 1024;
  private static final HexFormat HEX = HexFormat.of();
  /**
   * Entries up to this size, of keys this process knows, are read before the index is looked up,
   * alongside: the lookup is then free, and a miss (the key changed by another process) costs a
   * read of at most this much.
   */
  static final long LOOKUP_ALONGSIDE_MAX_BYTES = 4L * 1024 * 1024;

  private final ConfinedRoot root;
  private final AutoCloseable owner;
  private final WriteOptions contentWrite;
  private final WriteOptions indexWrite;
  /** How a key's record is read: within its size bound, never through a second hard link. */
  private final ReadOptions indexRead;
  /** How {@link #get} opens content by its name: any size up to the store's limit, one link only. */
  private final ReadOptions contentRead;
  private final InstantSource clock;
  private final Duration ttl;
  private final long maxBytes;
  private final StoreState state;
  private final SecureRandom random = new SecureRandom();
  private final OwnWrites ownWrites = new OwnWrites();
  /** Arrays for reads: enough for two reads at a time; they hold stored bytes only. */
  private final ChunkPool chunks = new ChunkPool(ReadAhead.CHUNK_BYTES, 2 * ReadAhead.RING_CHUNKS + 2);
  private final java.util.Set<String> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * Opens a store in a fresh private directory inside this process's private temp directory
   * ({@link SecureTemp#processDirectory()}), removed when the store is closed or the JVM exits.
   *
   * @param ttl how long an entry lives after it is written, or {@code null} for ever
   */
  public static FileStore ephemeral(long maxBytes, Duration ttl, Durability durability, InstantSource clock)
      throws IOException {
    TempDirectory dir = SecureTemp.createDirectory("cache-",
        TempOptions.builder().baseDirectory(SecureTemp.processDirectory()).build());
    return open(dir.root(), dir, maxBytes, ttl, durability, clock);
  }

  /**
   * Opens a store in {@code dir}, kept across runs: created {@code 0700} if missing, refused if
   * it is a link, another user's, or open to group or others (unless {@code policy} tightens it).
   *
   * @throws dev.sectools.temp.InsecureDirectoryException if the directory is refused
   */
  public static FileStore persistent(Path dir, ExistingDirectoryPolicy policy, long maxBytes, Duration ttl,
      Durability durability, InstantSource clock) throws IOException {
    ConfinedRoot root = ConfinedRoot.open(SecureTemp.ensurePrivateDirectory(dir, policy));
    boolean ok = false;
    try {
      requirePrivate(root, dir);
      ok = true;
    } finally {
      if (!ok) {
        root.close();
      }
    }
    return open(root, root, maxBytes, ttl, durability, clock);
  }

  /**
   * Requires the directory {@code root} holds open to be this user's and private: checked on the
   * directory opened, after the check by path, so that a directory swapped in between (a link
   * renamed over the path, in a parent others can write) is refused too.
   */
  static void requirePrivate(ConfinedRoot root, Path shown) throws IOException {
    FileInfo opened = root.stat(".");
    if (opened.ownerUid() >= 0 && opened.ownerUid() != Uids.current()) { // -1: the platform has no uids
      throw new InsecureDirectoryException(shown.toString(), InsecureDirectoryException.Problem.FOREIGN_OWNER,
          "the cache directory opened is another user's");
    }
    if (!Collections.disjoint(opened.permissions(), GROUP_OR_OTHER)) {
      throw new InsecureDirectoryException(shown.toString(),
          InsecureDirectoryException.Problem.GROUP_OR_OTHER_ACCESS,
          "the cache directory opened is open to group or others");
    }
  }

  private static FileStore open(ConfinedRoot root, AutoCloseable owner, long maxBytes, Duration ttl,
      Durability durability, InstantSource clock) throws IOException {
    try {
      return new FileStore(root, owner, maxBytes, ttl, durability, clock);
    } catch (IOException | RuntimeException e) {
      try {
        owner.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Opens a store in {@code root}, reading its index.
   *
   * @param owner closed with the store (the root itself, or the temp directory holding it)
   * @param ttl how long an entry lives after it is written, or {@code null} for ever
   */
  private FileStore(ConfinedRoot root, AutoCloseable owner, long maxBytes, Duration ttl, Durability durability,
      InstantSource clock) throws IOException {
    this.root = root;
    this.ttl = ttl;
    this.maxBytes = maxBytes;
    this.owner = owner;
    this.clock = clock;
    this.state = new StoreState(maxBytes);
    this.contentWrite = WriteOptions.builder().durability(durability).mode(WriteMode.CREATE_NEW)
        .maxSizeBytes(maxBytes).build();
    this.indexWrite = WriteOptions.builder().durability(durability).maxSizeBytes(MAX_INDEX_BYTES).build();
    this.indexRead = ReadOptions.builder().maxSizeBytes(MAX_INDEX_BYTES)
        .hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build();
    this.contentRead = ReadOptions.builder().maxSizeBytes(Math.max(1, maxBytes))
        .hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build();
    root.createDirectories(CONTENT);
    root.createDirectories(INDEX);
    root.createDirectories(STAGING);
    synchronized (state) {
      rescan();
    }
  }

  /** The content file's path relative to the root: {@code content/ab/cd/<sha256>}. */
  public static String contentPath(Sha256 sha) {
    String hex = sha.hex();
    return CONTENT + "/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex;
  }

  static String indexPath(EntryKey key) {
    return INDEX + "/" + IndexRecord.fileName(key);
  }

  @Override
  public FileStore fileStore() {
    return this;
  }

  /** The store's directory, for the integrity monitor to watch (never to open files by). */
  public Path directory() {
    return root.path();
  }

  /** Lists a directory of the store, relative to it. */
  public java.util.List<DirectoryEntry> list(String path) throws IOException {
    return root.list(path);
  }

  /**
   * Whether the cache itself just created {@code path} (relative to the root); consumes the
   * record, so each write explains one event.
   */
  public boolean consumeOwnWrite(String path) {
    return ownWrites.consume(path);
  }

  /**
   * Starts recording the cache's own writes for an integrity monitor, which {@code watcher} is
   * told of each content directory ({@code content/ab/cd}) before a write uses it, on the
   * writing thread; {@code null} stops. It switches under the lock a put makes its writes under:
   * when it returns, a put already under way has finished and every later write is recorded, so a
   * monitor that watches only afterwards sees no write of the cache unrecorded.
   */
  public void setMonitor(java.util.function.Consumer<String> watcher) {
    synchronized (state) {
      ownWrites.watch(watcher);
    }
  }

  /**
   * Removes an entry file that someone other than the cache created or changed: a content file
   * (every key pointing at it becomes a miss) or an index record.
   */
  public void removeForeign(String path) throws IOException {
    synchronized (state) {
      if (path.startsWith(CONTENT + "/")) {
        String hex = path.substring(path.lastIndexOf('/') + 1);
        if (state.isReferenced(hex)) {
          state.forgetContent(Sha256.ofHex(hex));
        }
      } else if (path.startsWith(INDEX + "/")) {
        for (Sha256 gone : state.remove(path.substring(INDEX.length() + 1))) {
          deleteContent(gone);
        }
      }
      root.deleteIfExists(path);
    }
  }

  @Override
  public Stored put(EntryKey key, ContentWriter writer, Sha256 expected, MetaSource meta)
      throws IOException, ContentMismatchException {
    root.createDirectories(STAGING);
    String staged = STAGING + "/" + HEX.formatHex(randomBytes());
    MessageDigest md = Verifier.sha256();
    long size;
    inFlight.add(staged);
    try {
      try (AtomicOutputStream out = root.newAtomicOutputStream(staged, contentWrite)) {
        CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(out, md));
        writer.writeTo(counted);
        size = counted.count();
        Sha256 sha = Sha256.ofBytes(md.digest());
        if (expected != null && !expected.equals(sha)) {
          throw new ContentMismatchException();
        }
        Lookup record = new Lookup(key, sha, size, clock.instant(), meta.meta(sha, size));
        out.commit();
        synchronized (state) {
          String target = contentPath(sha);
          String parent = target.substring(0, target.lastIndexOf('/'));
          root.createDirectories(parent);
          ownWrites.directoryInUse(parent);
          ownWrites.expect(target);
          root.rename(staged, target, WriteMode.REPLACE);
          String index = indexPath(key);
          ownWrites.expect(index);
          root.write(index, IndexRecord.encode(record), indexWrite);
          for (Sha256 gone : state.put(IndexRecord.fileName(key), sha, size)) {
            deleteContent(gone);
          }
          for (String evicted : state.evict()) {
            root.deleteIfExists(INDEX + "/" + evicted);
          }
          for (Sha256 gone : state.drainUnreferenced()) {
            deleteContent(gone);
          }
        }
        return new Stored(sha, size);
      }
    } finally {
      inFlight.remove(staged);
      root.deleteIfExists(staged);
    }
  }

  private byte[] randomBytes() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return b;
  }

  /** Whether the index file at {@code path} still holds {@code bytes}. */
  private boolean stillHolds(String path, byte[] bytes) throws IOException {
    try {
      return Arrays.equals(root.read(path, indexRead), bytes);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return false;
    } catch (SymlinkRefusedException | NotRegularFileException | HardLinkRefusedException
        | SizeLimitExceededException e) {
      return true; // something planted since: not a record either
    }
  }

  @Override
  public Lookup lookup(EntryKey key) throws IOException, CacheMissException {
    Lookup found = readIndex(key);
    if (ttl != null && found.created().plus(ttl).isBefore(clock.instant())) {
      removeIndexIfUnchanged(found); // a put since the read above refreshed the key: keep it
      throw new CacheMissException();
    }
    return found;
  }

  private Lookup readIndex(EntryKey key) throws IOException, CacheMissException {
    String path = indexPath(key);
    byte[] bytes;
    try {
      bytes = root.read(path, indexRead);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new CacheMissException();
    } catch (SymlinkRefusedException | NotRegularFileException | HardLinkRefusedException
        | SizeLimitExceededException e) {
      synchronized (state) { // this process's puts replace records under this lock
        root.deleteIfExists(path);
      }
      throw new CacheMissException();
    }
    Optional<Lookup> found = IndexRecord.decode(bytes, key);
    if (found.isEmpty()) {
      synchronized (state) {
        if (stillHolds(path, bytes)) { // not a record a put has written since
          root.deleteIfExists(path);
          state.remove(IndexRecord.fileName(key));
        }
      }
      throw new CacheMissException();
    }
    synchronized (state) {
      state.touch(IndexRecord.fileName(key), found.get().sha(), found.get().size());
    }
    return found.get();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The private copy is allocated at once for the size in the record, so that size must be
   * the open file's size ({@code fstat}) before anything is read, and the file still has to hold
   * exactly that many bytes once read to its end. A record over the store's limit is evicted
   * before anything is opened: a miss.
   */
  @Override
  public Content read(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    requireWithinLimit(found);
    try (SeekableByteChannel channel = openContent(found)) {
      try {
        if (channel.size() != found.size()) {
          throw new Verifier.Mismatch();
        }
        return Verifier.read(channel, found.size(), found.sha(), () -> { }, chunks);
      } catch (Verifier.Mismatch | SizeLimitExceededException e) {
        discard(found, channel);
        throw new CacheCorruptionException();
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Where this process knows the key to hold {@code expected} (it put it, or looked it up
   * since), opens the content by that name and reads and hashes it while the reader thread, once
   * it has read ahead to the end, looks the key up: the index lookup costs the caller nothing.
   * Otherwise, and for entries over {@value #LOOKUP_ALONGSIDE_MAX_BYTES} bytes, the key is looked
   * up first, so that a miss never costs a read of the content (another process may have changed
   * a key this one knows; the index decides). The outcome is the sequential one's either way: a
   * miss if the index does not name {@code expected} (a copy already made is released), and a
   * corruption (entry removed) only if it does and the content fails. The copy is allocated for
   * the open file's size ({@code fstat}), which must be within the store's limit. A content file
   * that cannot be opened as a plain file is left to the sequential path ({@link #lookup}, then
   * {@link #read}), which sorts out a miss from a corruption.
   */
  @Override
  public Content get(EntryKey key, Sha256 expected) throws IOException, CacheMissException, CacheCorruptionException {
    boolean known;
    synchronized (state) {
      known = state.holds(IndexRecord.fileName(key), expected);
    }
    if (!known) {
      return Store.super.get(key, expected); // most likely a miss: one small read says so
    }
    SeekableByteChannel channel;
    try {
      channel = root.newByteChannel(contentPath(expected), contentRead);
    } catch (NoSuchFileException | NotDirectoryException | SymlinkRefusedException | NotRegularFileException
        | HardLinkRefusedException | SizeLimitExceededException e) {
      return Store.super.get(key, expected);
    }
    LookupAlongside index = new LookupAlongside(key);
    OffHeapCopy copy;
    long size;
    try (channel) {
      try {
        size = channel.size();
        if (size > LOOKUP_ALONGSIDE_MAX_BYTES) {
          requireEntry(index.get(), expected, size); // a miss must not cost a large read
        }
        copy = Verifier.read(channel, size, expected, index, chunks);
      } catch (Verifier.Mismatch | SizeLimitExceededException e) {
        Lookup found = index.get();
        if (!found.sha().equals(expected)) {
          throw new CacheMissException();
        }
        discard(found, channel);
        throw new CacheCorruptionException();
      }
    }
    boolean ok = false;
    try {
      requireEntry(index.get(), expected, size);
      ok = true;
      return copy;
    } finally {
      if (!ok) {
        copy.release();
      }
    }
  }

  /**
   * Requires the index record found to name {@code expected} content (else a miss) of the size
   * read (else a corruption: the record is removed; the content, which another key may hold
   * intact, is left to whoever reads it next, and a put of it replaces it).
   */
  private void requireEntry(Lookup found, Sha256 expected, long size) throws IOException, CacheMissException,
      CacheCorruptionException {
    if (!found.sha().equals(expected)) {
      throw new CacheMissException();
    }
    if (found.size() != size) {
      removeIndexIfUnchanged(found);
      throw new CacheCorruptionException();
    }
  }

  /**
   * A key's {@link #lookup}, run once: on the thread that read the content ahead, once it has
   * read it all, or else by the first {@link #get()}. {@link #get()} runs after that thread has
   * been joined, which makes its result visible.
   */
  private final class LookupAlongside implements Runnable {
    private final EntryKey key;
    private boolean ran;
    private Lookup found;
    private IOException failure;
    private RuntimeException bug;

    LookupAlongside(EntryKey key) {
      this.key = key;
    }

    @Override
    public void run() {
      if (ran) {
        return;
      }
      ran = true;
      try {
        found = lookup(key);
      } catch (IOException e) { // a miss too
        failure = e;
      } catch (RuntimeException e) {
        bug = e;
      }
    }

    Lookup get() throws IOException, CacheMissException {
      run();
      if (failure != null) {
        throw failure;
      }
      if (bug != null) {
        throw bug;
      }
      if (found == null) {
        throw new IllegalStateException("the index lookup for " + key + " did not complete");
      }
      return found;
    }
  }

  /**
   * Opens the content {@code found} names for a layer that checks its bytes itself, chunk by chunk
   * ({@link ChunkTags}): the open file must have the size in the record, or the entry is removed as
   * corrupt (a record over the store's limit is evicted: a miss). The caller reads it once, from
   * this descriptor.
   */
  SeekableByteChannel openSized(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    requireWithinLimit(found);
    SeekableByteChannel channel = openContent(found);
    boolean ok = false;
    try {
      if (channel.size() != found.size()) {
        discard(found, channel);
        throw new CacheCorruptionException();
      }
      ok = true;
      return channel;
    } finally {
      if (!ok) {
        channel.close();
      }
    }
  }

  @Override
  public InputStream readUnverified(Lookup found) throws IOException, CacheMissException, CacheCorruptionException {
    SeekableByteChannel channel = openContent(found);
    Prefetcher ahead = new Prefetcher(channel, found.size() + 1, Verifier.CHUNK_BYTES);
    return new java.io.FilterInputStream(ahead.asInputStream()) {
      @Override
      public void close() throws IOException {
        try (channel) {
          ahead.close();
        }
      }
    };
  }

  /**
   * Requires {@code found} to be within this store's size limit, else evicts it: a miss. An entry
   * over the limit was put by a cache with a larger one over the same directory, or its record
   * was forged (an unkeyed checksum is all it has); either way this store cannot hold its bytes.
   */
  private void requireWithinLimit(Lookup found) throws IOException, CacheMissException {
    if (found.size() > maxBytes) {
      removeIndexIfUnchanged(found);
      throw new CacheMissException();
    }
  }

  /** Opens the content, mapping a missing file to a miss and a planted non-file to corruption. */
  private SeekableByteChannel openContent(Lookup found)
      throws IOException, CacheMissException, CacheCorruptionException {
    String path = contentPath(found.sha());
    try {
      return root.newByteChannel(path, ReadOptions.builder().maxSizeBytes(Math.max(1, found.size()))
          .hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build());
    } catch (NoSuchFileException | NotDirectoryException e) {
      removeIndexIfUnchanged(found);
      throw new CacheMissException();
    } catch (SymlinkRefusedException | NotRegularFileException | HardLinkRefusedException
        | SizeLimitExceededException e) {
      discard(found);
      throw new CacheCorruptionException();
    }
  }

  @Override
  public void discard(Lookup found) throws IOException {
    synchronized (state) {
      removeIndexIfUnchanged(found);
      state.forgetContent(found.sha());
      deleteContent(found.sha());
    }
  }

  /**
   * As {@link #discard(Lookup)}, for a reader that found the content file it has open damaged:
   * the file is removed only if it is still that file. Another reader that found it damaged too
   * may have put the content again meanwhile, renaming a good copy over it, which stays.
   */
  void discard(Lookup found, SeekableByteChannel read) throws IOException {
    synchronized (state) {
      removeIndexIfUnchanged(found);
      boolean removed;
      try {
        removed = root.deleteIfSameFile(contentPath(found.sha()), read);
      } catch (NotDirectoryException | SymlinkRefusedException e) {
        removed = false; // a planted link or file where a directory belongs: gc removes it
      }
      if (removed) {
        state.forgetContent(found.sha());
      }
    }
  }

  @Override
  public void removeIfUnchanged(Lookup found) throws IOException {
    removeIndexIfUnchanged(found);
  }

  /**
   * Removes {@code found}'s index record unless a put has replaced it since {@code found} was read:
   * a reader acting on a stale lookup must not remove a newer entry. Puts write records under the
   * same lock, so within this process the check and the removal cannot be separated by one.
   */
  private void removeIndexIfUnchanged(Lookup found) throws IOException {
    synchronized (state) {
      Lookup current;
      try {
        current = readIndex(found.key());
      } catch (CacheMissException e) {
        return;
      }
      if (current.sha().equals(found.sha()) && current.created().equals(found.created())) {
        removeIndex(found.key());
      }
    }
  }

  private void removeIndex(EntryKey key) throws IOException {
    synchronized (state) {
      root.deleteIfExists(indexPath(key));
      for (Sha256 gone : state.remove(IndexRecord.fileName(key))) {
        deleteContent(gone);
      }
    }
  }

  private void deleteContent(Sha256 sha) throws IOException {
    try {
      root.deleteIfExists(contentPath(sha));
    } catch (NotDirectoryException | SymlinkRefusedException e) {
      // A planted link or file where a directory belongs: gc removes it; nothing of ours is there.
    }
  }

  @Override
  public boolean remove(EntryKey key) throws IOException {
    synchronized (state) {
      boolean existed = root.deleteIfExists(indexPath(key));
      for (Sha256 gone : state.remove(IndexRecord.fileName(key))) {
        deleteContent(gone);
      }
      return existed;
    }
  }

  @Override
  public void clear() throws IOException {
    synchronized (state) {
      root.deleteRecursively(INDEX);
      root.deleteRecursively(CONTENT);
      root.createDirectories(CONTENT);
      root.createDirectories(INDEX);
      ownWrites.directoryInUse(CONTENT); // a monitor watches the new ones before clear returns
      ownWrites.directoryInUse(INDEX);
      state.reset();
    }
  }

  @Override
  public long gc() throws IOException {
    synchronized (state) {
      long before = state.bytes();
      long freed = 0;
      rescan();
      for (String evicted : state.evict()) {
        root.deleteIfExists(INDEX + "/" + evicted);
      }
      state.drainUnreferenced();
      freed += ContentSweep.removeUnreferenced(root, state);
      for (DirectoryEntry s : root.list(STAGING)) {
        String path = STAGING + "/" + s.name();
        if (!inFlight.contains(path) && settled(root, path)) {
          root.deleteRecursively(path);
        }
      }
      return Math.max(freed, before - state.bytes());
    }
  }

  /**
   * Every entry's index record, oldest first, as stored now (another process may have written
   * some); records that are unreadable or fail their checksum are removed, as on open.
   */
  public java.util.List<Lookup> entries() throws IOException {
    synchronized (state) {
      return readRecords();
    }
  }

  /**
   * Whether {@code path}, found where nothing of this process's belongs, is old enough to be a
   * leftover ({@link #IN_FLIGHT_GRACE}): younger, it may be another process's write on its way in
   * (a record's temporary name, a staged file, content whose record comes next), which removing
   * would make fail. Gone already counts as settled.
   */
  static boolean settled(ConfinedRoot root, String path) throws IOException {
    try {
      return root.stat(path).lastModified().isBefore(Instant.now().minus(IN_FLIGHT_GRACE));
    } catch (NoSuchFileException e) {
      return true;
    }
  }

  /** Rebuilds the in-memory state from the index, oldest entries first; drops unreadable records. */
  private void rescan() throws IOException {
    state.reset();
    for (Lookup l : readRecords()) {
      state.put(IndexRecord.fileName(l.key()), l.sha(), l.size());
    }
  }

  private java.util.List<Lookup> readRecords() throws IOException {
    java.util.List<Lookup> records = new java.util.ArrayList<>();
    for (DirectoryEntry e : root.list(INDEX)) {
      String path = INDEX + "/" + e.name();
      Optional<Lookup> l;
      try {
        l = IndexRecord.decode(root.read(path, ReadOptions.builder().maxSizeBytes(MAX_INDEX_BYTES).build()), null);
      } catch (NoSuchFileException e1) {
        continue;
      } catch (SymlinkRefusedException | NotRegularFileException | SizeLimitExceededException e1) {
        l = Optional.empty();
      }
      if (l.isEmpty() || !IndexRecord.fileName(l.get().key()).equals(e.name())) {
        if (settled(root, path)) { // else perhaps another process's record on its way in
          root.deleteRecursively(path);
        }
      } else {
        records.add(l.get());
      }
    }
    records.sort(java.util.Comparator.comparing(Lookup::created));
    return records;
  }

  @Override
  public Usage usage() {
    synchronized (state) {
      return new Usage(state.entries(), state.bytes(), state.evictions());
    }
  }

  @Override
  public void close() throws IOException {
    try {
      owner.close();
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("closing the cache directory failed", e);
    }
  }

  @Override
  public String toString() {
    return "FileStore{" + root + "}";
  }
}
