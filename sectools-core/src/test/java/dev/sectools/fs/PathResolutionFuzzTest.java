package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Fuzzes {@link ConfinedRoot}'s path resolution and policies against a planted tree: links in and
 * out of the root, absolute links, loops, a 41-link chain, a FIFO, a hard link to a file outside,
 * and names that are not UTF-8. Every input runs in both confining resolution modes.
 *
 * <p>Oracles: only {@link IOException}s and {@link InvalidPathException} are thrown; nothing
 * outside the root is read, listed, changed or created; both modes agree on the outcome (and, for
 * changes, on the resulting tree); the three ways of reading agree; a failed change leaves the tree
 * as it was and a successful one touches only the named entry; a path ending in {@code /} or
 * {@code /.} only ever succeeds on a directory; no operation hangs. See {@code docs/fuzzing.md}.
 */
class PathResolutionFuzzTest {
  /** A FIFO opened without {@code O_NONBLOCK} would block for ever; anything this slow is a hang. */
  private static final long HANG_LIMIT_SECONDS = 5;

  @FuzzTest(maxDuration = "60s")
  void anyPathAndPolicy_neverEscapesAndModesAgree(FuzzedDataProvider data) throws Exception {
    Fixture fixture = Fixture.get();
    Case c = Case.decode(data);
    fixture.runWithin(HANG_LIMIT_SECONDS, c, () -> {
      int descriptors = Fixture.openDescriptors();
      if (c.op().mutates()) {
        checkChange(fixture, c);
      } else {
        checkQuery(fixture, c);
      }
      fixture.checkOutsideUntouched(c);
      int leaked = Fixture.openDescriptors() - descriptors;
      if (leaked > 0) {
        throw new AssertionError(leaked + " file descriptor(s) left open after " + c);
      }
      return null;
    });
  }

  // ---- queries: read, stat, exists, list on the read-only tree --------------------------------

  private static void checkQuery(Fixture fixture, Case c) throws IOException {
    String kernel = query(fixture, c, fixture.readOnly(Resolution.OPENAT2));
    String walk = query(fixture, c, fixture.readOnly(Resolution.DESCRIPTOR_WALK));
    if (!kernel.equals(walk)) {
      throw new AssertionError("OPENAT2 and DESCRIPTOR_WALK disagree on " + c
          + "\n  OPENAT2:         " + kernel + "\n  DESCRIPTOR_WALK: " + walk);
    }
  }

  private static String query(Fixture fixture, Case c, ConfinedRoot root) throws IOException {
    String path = c.path(fixture.readOnlyDir(), fixture.base());
    return switch (c.op()) {
      case READ -> {
        ReadOptions options = c.readOptions();
        String all = outcome(fixture, () -> readResult(fixture, c, root.read(path, options)));
        String stream = outcome(fixture, () -> {
          try (InputStream in = root.newInputStream(path, options)) {
            return readResult(fixture, c, in.readAllBytes());
          }
        });
        String channel = outcome(fixture, () -> {
          try (SeekableByteChannel ch = root.newByteChannel(path, options)) {
            return readResult(fixture, c, Channels.newInputStream(ch).readAllBytes());
          }
        });
        if (!all.equals(stream) || !all.equals(channel)) {
          throw new AssertionError("read, newInputStream and newByteChannel disagree on " + c
              + "\n  read:           " + all + "\n  newInputStream: " + stream
              + "\n  newByteChannel: " + channel);
        }
        yield all;
      }
      case STAT -> outcome(fixture, () -> {
        FileInfo info = root.stat(path);
        if (info.isRegularFile() && info.sizeBytes() == fixture.secretSize()) {
          throw new AssertionError("stat reached the secret outside the root: " + c);
        }
        if (c.namesDirectory() && !info.isDirectory()) {
          throw new AssertionError("stat of a path ending in '/' or '/.' found a " + info.type() + ": " + c);
        }
        return info.toString();
      });
      case EXISTS -> outcome(fixture, () -> String.valueOf(root.exists(path)));
      case LIST -> outcome(fixture, () -> {
        List<DirectoryEntry> entries = root.list(path);
        Set<String> names = new TreeSet<>();
        entries.forEach(e -> names.add(e.name()));
        if (fixture.outsideListings().contains(names)) {
          throw new AssertionError("list showed a directory outside the root " + names + ": " + c);
        }
        return entries.toString();
      });
      default -> throw new IllegalStateException("not a query: " + c.op());
    };
  }

  private static String readResult(Fixture fixture, Case c, byte[] bytes) {
    if (contains(bytes, fixture.secretMarker())) {
      throw new AssertionError("read returned the secret outside the root: " + c);
    }
    if (contains(bytes, fixture.hardLinkMarker()) && c.hardLinks() == HardLinkPolicy.REFUSE_MULTIPLE) {
      throw new AssertionError("read a multiply-linked file under REFUSE_MULTIPLE: " + c);
    }
    if (bytes.length > c.maxSizeBytes()) {
      throw new AssertionError("read " + bytes.length + " bytes past the cap: " + c);
    }
    if (c.namesDirectory()) {
      throw new AssertionError("read returned a file for a path ending in '/' or '/.': " + c);
    }
    return shortHex(bytes);
  }

  /** Bytes as hex, or for long ones their length and a digest, to keep messages readable. */
  private static String shortHex(byte[] bytes) {
    if (bytes.length <= 32) {
      return HexFormat.of().formatHex(bytes);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return bytes.length + " bytes, sha256 " + HexFormat.of().formatHex(digest, 0, 8) + "…";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  // ---- changes: each mode starts from the same fresh writable tree -----------------------------

  private static void checkChange(Fixture fixture, Case c) throws IOException, InterruptedException {
    String kernel = change(fixture, c, Resolution.OPENAT2);
    String walk = change(fixture, c, Resolution.DESCRIPTOR_WALK);
    if (!kernel.equals(walk)) {
      throw new AssertionError("OPENAT2 and DESCRIPTOR_WALK disagree on " + c
          + "\n  OPENAT2:         " + kernel + "\n  DESCRIPTOR_WALK: " + walk);
    }
  }

  private static String change(Fixture fixture, Case c, Resolution mode)
      throws IOException, InterruptedException {
    fixture.resetWritable();
    ConfinedRoot root = fixture.writable(mode);
    String path = c.path(fixture.writableDir(), fixture.base());
    String outcome = outcome(fixture, () -> {
      apply(c, root, path, c.path2(fixture.writableDir(), fixture.base()));
      return "done";
    });
    boolean ok = outcome.startsWith("ok ");
    List<Change> changes = fixture.writableChanges();
    checkChanges(c, outcome, changes);
    if (ok && c.op().writesContent()) {
      checkReadBack(c, root, path);
    }
    fixture.checkOutsideUntouched(c);
    return outcome + " " + changes;
  }

  private static void apply(Case c, ConfinedRoot root, String path, String path2) throws IOException {
    switch (c.op()) {
      case WRITE -> root.write(path, c.content(), c.writeOptions());
      case WRITE_STREAM -> root.write(path, new ByteArrayInputStream(c.content()), c.writeOptions());
      case APPEND -> root.append(path, c.content(), c.writeOptions());
      case CREATE_DIRECTORY -> root.createDirectory(path, c.permissions());
      case CREATE_DIRECTORIES -> root.createDirectories(path);
      case DELETE -> root.delete(path);
      case DELETE_RECURSIVELY -> root.deleteRecursively(path);
      case RENAME -> root.rename(path, path2, c.mode());
      default -> throw new IllegalStateException("not a change: " + c.op());
    }
  }

  private static void checkChanges(Case c, String outcome, List<Change> changes) {
    boolean ok = outcome.startsWith("ok ");
    if (c.op().replacesAtomically() && c.mode() == WriteMode.REPLACE
        && outcome.equals("error " + FileAlreadyExistsException.class.getName())) {
      throw new AssertionError("a REPLACE write failed because a name exists: " + c);
    }
    if (!ok) {
      if (c.op().atomic() && !changes.isEmpty()) {
        throw new AssertionError("a failed " + c.op() + " changed the tree " + changes + ": " + c);
      }
      return;
    }
    if (c.namesDirectory() && c.op().writesContent()) {
      throw new AssertionError("wrote a file for a path ending in '/' or '/.': " + c);
    }
    if (c.op() == Op.RENAME && (c.namesDirectory() || c.namesDirectory2())) {
      String from = Fixture.rawName(c.lastName());
      for (Change change : changes) {
        if (change.name().equals(from) && change.after() == null && !change.before().startsWith("dir")) {
          throw new AssertionError("renamed a non-directory named with '/' or '/.': " + c);
        }
      }
    }
    checkPermissions(c, changes);
    String name = Fixture.rawName(c.lastName());
    String name2 = c.op() == Op.RENAME ? Fixture.rawName(c.lastName2()) : name;
    for (Change change : changes) {
      boolean allowed = switch (c.op()) {
        case WRITE, WRITE_STREAM -> (change.name().equals(name) && change.after() != null)
            || isReclaimedTemporary(change, name);
        case APPEND -> change.name().equals(name) && change.after() != null;
        case CREATE_DIRECTORY -> change.name().equals(name) && change.isNewDirectory() && changes.size() == 1;
        case CREATE_DIRECTORIES -> change.isNewDirectory();
        case DELETE -> change.name().equals(name) && change.after() == null && changes.size() == 1
            && (!c.namesDirectory() || change.before().startsWith("dir"));
        case DELETE_RECURSIVELY -> change.after() == null;
        case RENAME -> change.passesThrough(name) || change.passesThrough(name2);
        default -> false;
      };
      if (!allowed) {
        throw new AssertionError(c.op() + " changed " + change + " (all changes: " + changes + "): " + c);
      }
    }
  }

  // A regular file under the target's reserved temporary name is taken for a killed writer's
  // left-over and removed (docs/files.md, "Crash safety"); nothing else under that name is touched.
  private static boolean isReclaimedTemporary(Change change, String name) {
    return change.name().equals("." + name + ".sectools-tmp")
        && change.after() == null && change.before().startsWith("file ");
  }

  // New files and directories get exactly the permissions asked for, whatever the umask.
  private static void checkPermissions(Case c, List<Change> changes) {
    String asked = PosixFilePermissions.toString(c.permissions());
    for (Change change : changes) {
      String expected = switch (c.op()) {
        case WRITE, WRITE_STREAM -> "file " + asked;
        case APPEND -> change.before() == null ? "file " + asked : null;
        case CREATE_DIRECTORY -> "dir " + asked;
        case CREATE_DIRECTORIES -> "dir rwx------";
        default -> null;
      };
      if (expected != null && change.after() != null && !change.after().startsWith(expected + " ")
          && !change.after().equals(expected)) {
        throw new AssertionError(c.op() + " left " + change + ", expected " + expected + ": " + c);
      }
    }
  }

  private static void checkReadBack(Case c, ConfinedRoot root, String path) throws IOException {
    ReadOptions options = ReadOptions.builder()
        .symlinkPolicy(c.links())
        .dotDotPolicy(c.dotDot())
        .build();
    byte[] now = root.read(path, options);
    boolean matches = c.op() == Op.APPEND
        ? now.length >= c.content().length
            && Arrays.equals(now, now.length - c.content().length, now.length, c.content(), 0, c.content().length)
        : Arrays.equals(now, c.content());
    if (!matches) {
      throw new AssertionError("reading back after " + c.op() + " gave " + shortHex(now) + ": " + c);
    }
  }

  // ---- shared oracle plumbing ------------------------------------------------------------------

  /** Runs {@code body}; an expected failure becomes its type's name, anything else propagates. */
  private static String outcome(Fixture fixture, Callable<String> body) throws IOException {
    try {
      return "ok " + body.call();
    } catch (IOException | InvalidPathException e) {
      String message = String.valueOf(e.getMessage());
      String reason = e instanceof FileSystemException fse ? String.valueOf(fse.getReason()) : message;
      if (message.contains(new String(fixture.secretMarker(), UTF_8))) {
        throw new AssertionError("an exception message carries file contents: " + message, e);
      }
      // The catch-all type says little on its own: keep the errno (not the call, which differs
      // between modes) so that a disagreement shows it.
      return "error " + e.getClass().getName() + (e.getClass() == FileSystemException.class
          ? " (" + reason.substring(reason.lastIndexOf(": ") + 1).strip() + ")" : "");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("unexpected checked exception", e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  // ---- inputs ----------------------------------------------------------------------------------

  enum Op {
    READ, STAT, EXISTS, LIST,
    WRITE, WRITE_STREAM, APPEND, CREATE_DIRECTORY, CREATE_DIRECTORIES, DELETE, DELETE_RECURSIVELY, RENAME;

    boolean mutates() {
      return ordinal() >= WRITE.ordinal();
    }

    boolean writesContent() {
      return replacesAtomically() || this == APPEND;
    }

    boolean replacesAtomically() {
      return this == WRITE || this == WRITE_STREAM;
    }

    /** Whether a failure must leave the tree exactly as it was. */
    boolean atomic() {
      return mutates() && this != CREATE_DIRECTORIES && this != DELETE_RECURSIVELY;
    }
  }

  /** How a fuzzed path starts; absolute prefixes are filled in per root. */
  enum Prefix {
    NONE(""), ROOT("<root>/"), ROOT_BARE("<root>"), SLASH("/"), BASE("<base>/");

    final String shown;

    Prefix(String shown) {
      this.shown = shown;
    }
  }

  /**
   * Names planted in the tree, plus the separators and dot segments that join them. Picking from
   * this list lets the fuzzer reach deep states in a few bytes; a selector past its end reads an
   * arbitrary string instead.
   */
  static final List<String> ALPHABET = List.of(
      "a", "empty", "big", "sub", "b", "deeper", "c", "up", "out", "slash",
      "link-in", "link-dir", "link-dot", "link-out", "abs-out", "abs-secret", "abs-in",
      "loop", "loop-a", "c0", "c1", "fifo", "link-fifo", "dangling", "hard", "link-raw",
      "\uFFFD", "secret", "outside", "new", "x", "-sib", ".a.sectools-tmp", "..", ".", "", "/");

  private static final long[] CAPS = {
      ReadOptions.DEFAULT_MAX_SIZE_BYTES, 1, 4, 5, 6, 7, 299, 300, Integer.MAX_VALUE, Long.MAX_VALUE};

  private static final List<Set<PosixFilePermission>> PERMISSIONS = Stream.of(
      "rw-------", "rw-r--r--", "-w-------", "rwx------", "rw-rw-rw-")
      .map(PosixFilePermissions::fromString)
      .toList();

  /** One decoded input. Integral choices come from the end of the data, strings from the front. */
  record Case(Op op, SymlinkPolicy links, DotDotPolicy dotDot, HardLinkPolicy hardLinks,
      long maxSizeBytes, WriteMode mode, Durability durability, Set<PosixFilePermission> permissions,
      Prefix prefix, String rest, Prefix prefix2, String rest2, byte[] content) {

    static Case decode(FuzzedDataProvider data) {
      Op op = data.pickValue(Op.values());
      SymlinkPolicy links = data.pickValue(SymlinkPolicy.values());
      DotDotPolicy dotDot = data.pickValue(DotDotPolicy.values());
      HardLinkPolicy hardLinks = data.pickValue(HardLinkPolicy.values());
      int cap = data.consumeInt(0, CAPS.length);
      long maxSizeBytes = cap < CAPS.length ? CAPS[cap] : data.consumeLong(1, Long.MAX_VALUE);
      WriteMode mode = data.pickValue(WriteMode.values());
      Durability durability = data.pickValue(Durability.values());
      Set<PosixFilePermission> permissions = data.pickValue(PERMISSIONS);
      Prefix prefix = data.pickValue(Prefix.values());
      String rest = path(data);
      Prefix prefix2 = op == Op.RENAME ? data.pickValue(Prefix.values()) : Prefix.NONE;
      String rest2 = op == Op.RENAME ? path(data) : "";
      byte[] content = op.writesContent() ? data.consumeBytes(64) : new byte[0];
      return new Case(op, links, dotDot, hardLinks, maxSizeBytes, mode, durability, permissions,
          prefix, rest, prefix2, rest2, content);
    }

    private static String path(FuzzedDataProvider data) {
      int count = data.consumeInt(0, 6);
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int pick = data.consumeInt(0, ALPHABET.size());
        parts.add(pick < ALPHABET.size() ? ALPHABET.get(pick) : data.consumeString(16));
      }
      String suffix = data.pickValue(new String[] {"", "/", "/."});
      return String.join("/", parts) + suffix;
    }

    String path(Path rootDir, Path base) {
      return absolute(prefix, rootDir, base) + rest;
    }

    String path2(Path rootDir, Path base) {
      return absolute(prefix2, rootDir, base) + rest2;
    }

    private static String absolute(Prefix prefix, Path rootDir, Path base) {
      return switch (prefix) {
        case NONE -> "";
        case ROOT -> rootDir + "/";
        case ROOT_BARE -> rootDir.toString();
        case SLASH -> "/";
        case BASE -> base + "/";
      };
    }

    /** Whether the path ends in {@code /} or {@code /.}, so that it can only name a directory. */
    boolean namesDirectory() {
      return endsAsDirectory(prefix.shown + rest);
    }

    boolean namesDirectory2() {
      return op == Op.RENAME && endsAsDirectory(prefix2.shown + rest2);
    }

    private static boolean endsAsDirectory(String path) {
      return path.endsWith("/") || path.endsWith("/.") || path.equals(".");
    }

    String lastName() {
      return lastComponent(rest);
    }

    String lastName2() {
      return lastComponent(rest2);
    }

    private static String lastComponent(String path) {
      List<String> parts = new ArrayList<>(Arrays.asList(path.split("/", -1)));
      parts.removeIf(p -> p.isEmpty() || p.equals("."));
      return parts.isEmpty() ? "." : parts.getLast();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(op.name()).append(' ').append(quote(prefix.shown + rest));
      if (op == Op.RENAME) {
        s.append(" -> ").append(quote(prefix2.shown + rest2)).append(" mode=").append(mode);
      }
      s.append(" links=").append(links).append(" dotDot=").append(dotDot);
      if (op == Op.READ) {
        s.append(" hardLinks=").append(hardLinks).append(" maxSizeBytes=").append(maxSizeBytes);
      }
      if (op.writesContent()) {
        s.append(" hardLinks=").append(hardLinks).append(" maxSizeBytes=").append(maxSizeBytes)
            .append(" mode=").append(mode).append(" durability=").append(durability)
            .append(" permissions=").append(PosixFilePermissions.toString(permissions))
            .append(" content=").append(quote(new String(content, UTF_8)));
      }
      return s.toString();
    }

    private static String quote(String s) {
      StringBuilder q = new StringBuilder("\"");
      s.codePoints().forEach(cp -> q.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\'
          ? Character.toString(cp)
          : String.format(Locale.ROOT, cp > 0xffff ? "\\u{%x}" : "\\u%04x", cp)));
      return q.append('"').toString();
    }

    ReadOptions readOptions() {
      return ReadOptions.builder()
          .symlinkPolicy(links)
          .dotDotPolicy(dotDot)
          .hardLinkPolicy(hardLinks)
          .maxSizeBytes(maxSizeBytes)
          .build();
    }

    WriteOptions writeOptions() {
      return WriteOptions.builder()
          .symlinkPolicy(links)
          .dotDotPolicy(dotDot)
          .hardLinkPolicy(hardLinks)
          .maxSizeBytes(Math.max(1, Math.min(maxSizeBytes, 64)))
          .mode(mode)
          .durability(durability)
          .permissions(permissions)
          .build();
    }
  }

  // ---- the planted tree ------------------------------------------------------------------------

  /** A change between the fresh writable tree and the tree after an operation. */
  record Change(String key, String before, String after) {
    /** The last component, percent-encoded as in a file URI (names need not be UTF-8). */
    String name() {
      return key.substring(key.lastIndexOf('/') + 1);
    }

    boolean isNewDirectory() {
      return before == null && after.startsWith("dir");
    }

    boolean passesThrough(String rawName) {
      return Arrays.asList(key.split("/")).contains(rawName);
    }

    @Override
    public String toString() {
      return key + ": " + before + " => " + after;
    }
  }

  /**
   * {@code base/root} (queried, never changed) and {@code base/wroot} (changed, and restored to
   * its planted state before every change) hold the same planted entries; {@code base/outside},
   * {@code base/root-sib} and {@code base/elsewhere} must never be touched. Created once per JVM
   * in a fresh temporary directory, removed at exit.
   */
  static final class Fixture {
    private static final int SECRET_SIZE = 733;
    private static final int CHAIN_LINKS = 41; // c0 follows 41 links (refused), c1 follows 40 (allowed)
    private static Fixture instance;

    private final Path base;
    private final Path rootDir;
    private final Path writableDir;
    private final byte[] secret;
    private final byte[] hardLinked;
    private final Path rawName; // the one-byte name 0xff, which no Java string encodes to
    private final Map<Resolution, ConfinedRoot> readOnly = new LinkedHashMap<>();
    private final Map<Resolution, ConfinedRoot> writable = new LinkedHashMap<>();
    private final Map<String, String> planted;
    private final Set<Set<String>> outsideListings;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "path-fuzz-worker");
      t.setDaemon(true);
      return t;
    });
    private boolean dirty;

    static synchronized Fixture get() throws IOException, InterruptedException {
      if (instance == null) {
        instance = new Fixture(Files.createTempDirectory("sectools-path-fuzz"));
      }
      return instance;
    }

    private Fixture(Path base) throws IOException, InterruptedException {
      this.base = base.toRealPath();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(this.base)));
      SecureRandom random = new SecureRandom();
      byte[] nonce = new byte[8];
      random.nextBytes(nonce);
      String tag = HexFormat.of().formatHex(nonce);
      secret = pad("OUTSIDE-SECRET-" + tag, SECRET_SIZE);
      hardLinked = pad("ELSEWHERE-HARDLINKED-" + tag, 555);
      Files.write(Files.createDirectory(this.base.resolve("outside")).resolve("secret"), secret);
      Files.write(Files.createDirectory(this.base.resolve("root-sib")).resolve("x"), secret);
      Files.write(Files.createDirectory(this.base.resolve("elsewhere")).resolve("hardlinked"), hardLinked);
      rawName = makeRawName(Files.createDirectory(this.base.resolve("names")));
      rootDir = Files.createDirectory(this.base.resolve("root"));
      writableDir = Files.createDirectory(this.base.resolve("wroot"));
      for (String name : topLevelNames()) {
        plant(rootDir, name);
        plant(writableDir, name);
      }
      for (int i = 0; i < CHAIN_LINKS; i++) {
        Files.createSymbolicLink(rootDir.resolve("c" + i), Path.of(i + 1 < CHAIN_LINKS ? "c" + (i + 1) : "a"));
      }
      planted = snapshot(writableDir);
      outsideListings = Set.of(Set.of("secret"), Set.of("x"), Set.of("hardlinked"), listing(this.base));
      for (Resolution mode : TestRoots.confining()) {
        readOnly.put(mode, TestRoots.open(rootDir, mode));
        writable.put(mode, TestRoots.open(writableDir, mode));
      }
    }

    Path base() {
      return base;
    }

    Path readOnlyDir() {
      return rootDir;
    }

    Path writableDir() {
      return writableDir;
    }

    ConfinedRoot readOnly(Resolution mode) {
      return readOnly.get(mode);
    }

    ConfinedRoot writable(Resolution mode) {
      return writable.get(mode);
    }

    byte[] secretMarker() {
      return Arrays.copyOf(secret, 31);
    }

    byte[] hardLinkMarker() {
      return Arrays.copyOf(hardLinked, 37);
    }

    long secretSize() {
      return SECRET_SIZE;
    }

    Set<Set<String>> outsideListings() {
      return outsideListings;
    }

    // Runs on a worker thread, so that a hang (a FIFO opened for blocking read, a removal that
    // never ends) is reported as a finding instead of stalling the fuzzer. The stuck thread is
    // abandoned: the finding ends the run.
    void runWithin(long seconds, Case c, Callable<Void> body) throws Exception {
      Future<Void> done = worker.submit(body);
      try {
        done.get(seconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("no result after " + seconds + " s (hang): " + c);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw (Error) e.getCause();
      }
    }

    /** How many descriptors this process has open (Linux {@code /proc}). */
    static int openDescriptors() throws IOException {
      try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
        return (int) s.count() - 1; // the listing's own descriptor
      }
    }

    // ---- planting

    private List<String> topLevelNames() {
      List<String> names = new ArrayList<>(List.of(
          "a", "empty", "big", "sub", "link-in", "link-dir", "link-dot", "link-out", "abs-out",
          "abs-secret", "abs-in", "loop", "loop-a", "loop-b", "fifo", "link-fifo", "dangling", "hard"));
      names.addAll(List.of("\uFFFD", "<0xff>", "link-raw", ".a.sectools-tmp"));
      return names;
    }

    private void plant(Path dir, String name) throws IOException, InterruptedException {
      Path p = name.equals("<0xff>") ? dir.resolve(rawName) : dir.resolve(name);
      switch (name) {
        case "a" -> Files.writeString(p, "alpha");
        case "empty" -> Files.createFile(p);
        case "big" -> Files.write(p, pad("big", 300));
        case "sub" -> {
          Files.createDirectories(p.resolve("deeper"));
          Files.writeString(p.resolve("b"), "bravo!!");
          Files.writeString(p.resolve("deeper/c"), "charlie");
          Files.createSymbolicLink(p.resolve("up"), Path.of("../a"));
          Files.createSymbolicLink(p.resolve("out"), Path.of("../../outside/secret"));
          Files.createSymbolicLink(p.resolve("slash"), Path.of("../a/"));
          Files.writeString(p.resolve(rawName), "raw in sub");
          Files.writeString(p.resolve(".b.sectools-tmp"), "not a temporary file");
        }
        case "link-in" -> Files.createSymbolicLink(p, Path.of("sub/b"));
        case "link-dir" -> Files.createSymbolicLink(p, Path.of("sub/deeper"));
        case "link-dot" -> Files.createSymbolicLink(p, Path.of("."));
        case "link-out" -> Files.createSymbolicLink(p, Path.of("../outside"));
        case "abs-out" -> Files.createSymbolicLink(p, base.resolve("outside"));
        case "abs-secret" -> Files.createSymbolicLink(p, base.resolve("outside/secret"));
        case "abs-in" -> Files.createSymbolicLink(p, dir.resolve("a"));
        case "loop" -> Files.createSymbolicLink(p, Path.of("loop/x"));
        case "loop-a" -> Files.createSymbolicLink(p, Path.of("loop-b"));
        case "loop-b" -> Files.createSymbolicLink(p, Path.of("loop-a"));
        case "fifo" -> TestRoots.mkfifo(p);
        case "link-fifo" -> Files.createSymbolicLink(p, Path.of("fifo"));
        case "dangling" -> Files.createSymbolicLink(p, Path.of("missing"));
        case "hard" -> Files.createLink(p, base.resolve("elsewhere/hardlinked"));
        case "\uFFFD" -> Files.writeString(p, "replacement character");
        case "<0xff>" -> Files.writeString(p, "raw 0xff");
        case "link-raw" -> Files.createSymbolicLink(p, rawName);
        case ".a.sectools-tmp" -> Files.createDirectory(p);
        default -> throw new IllegalArgumentException("nothing planted as " + name);
      }
    }

    // A Java string cannot name it; the shell can, and the Path read back keeps the raw byte.
    private static Path makeRawName(Path dir) throws IOException, InterruptedException {
      Process p = new ProcessBuilder("sh", "-c", "printf x > \"$1/$(printf '\\377')\"", "sh", dir.toString())
          .inheritIO().start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("could not create a non-UTF-8 name in " + dir);
      }
      try (Stream<Path> s = Files.list(dir)) {
        return s.findFirst().orElseThrow().getFileName();
      }
    }

    // ---- observing and restoring the writable tree

    /** What changed in the writable tree since it was planted; marks it for restoring. */
    List<Change> writableChanges() throws IOException {
      Map<String, String> now = snapshot(writableDir);
      List<Change> changes = new ArrayList<>();
      Set<String> keys = new TreeSet<>(planted.keySet());
      keys.addAll(now.keySet());
      for (String key : keys) {
        if (!Objects.equals(planted.get(key), now.get(key))) {
          changes.add(new Change(key, planted.get(key), now.get(key)));
        }
      }
      dirty |= !changes.isEmpty();
      return changes;
    }

    void resetWritable() throws IOException, InterruptedException {
      if (!dirty) {
        return;
      }
      Set<String> touched = new TreeSet<>();
      for (Change change : writableChanges()) {
        touched.add(change.key().split("/")[0]);
      }
      try (Stream<Path> s = Files.list(writableDir)) {
        for (Path p : s.toList()) {
          if (touched.contains(rawName(p))) {
            deleteTree(p);
          }
        }
      }
      for (String name : topLevelNames()) {
        Path p = name.equals("<0xff>") ? rawName : Path.of(name);
        if (touched.contains(rawName(p))) {
          plant(writableDir, name);
        }
      }
      dirty = false;
      if (!writableChanges().isEmpty()) {
        throw new IllegalStateException("could not restore the writable tree: " + writableChanges());
      }
    }

    /** Entry key (percent-encoded raw bytes, relative) to a description of type, mode and content. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
      Map<String, String> out = new TreeMap<>();
      String prefix = uriPath(dir) + "/";
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
          if (!d.equals(dir)) {
            out.put(uriPath(d).substring(prefix.length()), "dir " + mode(d));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          String key = uriPath(f).substring(prefix.length());
          if (attrs.isSymbolicLink()) {
            out.put(key, "link -> " + Files.readSymbolicLink(f));
          } else if (attrs.isRegularFile()) {
            out.put(key, "file " + mode(f) + " links=" + Files.getAttribute(f, "unix:nlink", LinkOption.NOFOLLOW_LINKS)
                + " " + shortHex(Files.readAllBytes(f)));
          } else {
            out.put(key, "other " + mode(f));
          }
          return FileVisitResult.CONTINUE;
        }
      });
      return out;
    }

    private static String mode(Path p) throws IOException {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** A name as raw bytes, percent-encoded the way file URIs are; works for any byte string. */
    static String rawName(Path name) {
      String path = uriPath(Path.of("/").resolve(name.getFileName()));
      return path.substring(path.lastIndexOf('/') + 1);
    }

    static String rawName(String name) {
      try {
        return rawName(Path.of(name));
      } catch (InvalidPathException e) {
        return name; // never a planted or created name
      }
    }

    private static String uriPath(Path p) {
      String s = p.toUri().getRawPath();
      return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    // ---- what must never change

    void checkOutsideUntouched(Case c) throws IOException {
      if (!listing(base).equals(Set.of("outside", "root-sib", "elsewhere", "names", "root", "wroot"))
          || !listing(base.resolve("outside")).equals(Set.of("secret"))
          || !listing(base.resolve("root-sib")).equals(Set.of("x"))
          || !listing(base.resolve("elsewhere")).equals(Set.of("hardlinked"))
          || !Arrays.equals(Files.readAllBytes(base.resolve("outside/secret")), secret)
          || !Arrays.equals(Files.readAllBytes(base.resolve("root-sib/x")), secret)) {
        throw new AssertionError("something outside the roots changed after " + c);
      }
      Path shared = base.resolve("elsewhere/hardlinked");
      if (!Arrays.equals(Files.readAllBytes(shared), hardLinked)) {
        // Appending through a hard link changes the file it shares: documented, and refused
        // only under REFUSE_MULTIPLE.
        if (c.op() != Op.APPEND || c.hardLinks() != HardLinkPolicy.ALLOW) {
          throw new AssertionError("the hard-linked file outside the roots changed after " + c);
        }
        Files.write(shared, hardLinked);
      }
    }

    private static Set<String> listing(Path dir) throws IOException {
      try (Stream<Path> s = Files.list(dir)) {
        return s.map(p -> p.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
      }
    }

    private static byte[] pad(String marker, int size) {
      byte[] b = new byte[size];
      Arrays.fill(b, (byte) '.');
      byte[] m = marker.getBytes(UTF_8);
      System.arraycopy(m, 0, b, 0, m.length);
      return b;
    }

    private static void deleteTree(Path p) throws IOException {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          Files.delete(f);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    }

    private static void deleteQuietly(Path p) {
      try {
        deleteTree(p);
      } catch (IOException e) {
        System.err.println("could not remove the fuzzing tree " + p + ": " + e);
      }
    }
  }
}
