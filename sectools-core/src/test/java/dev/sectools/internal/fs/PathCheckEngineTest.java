package dev.sectools.internal.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.fs.DirectoryEntry;
import dev.sectools.fs.DotDotPolicy;
import dev.sectools.fs.Durability;
import dev.sectools.fs.FileInfo;
import dev.sectools.fs.FileType;
import dev.sectools.fs.HardLinkPolicy;
import dev.sectools.fs.HardLinkRefusedException;
import dev.sectools.fs.NotRegularFileException;
import dev.sectools.fs.PathDisplay;
import dev.sectools.fs.PathEscapeException;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SizeLimitExceededException;
import dev.sectools.fs.SymlinkPolicy;
import dev.sectools.fs.SymlinkRefusedException;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathCheckEngineTest {
  private static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");

  @TempDir Path tmp;
  private Path root;
  private Path outside;
  private final PathNamer namer = new PathNamer(PathDisplay.FULL);
  private PathCheckEngine engine;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectory(tmp.resolve("root"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    engine = new PathCheckEngine(root, namer);
  }

  private ParsedPath p(String raw) throws IOException {
    return PathParser.parse(raw, root, DotDotPolicy.REJECT, namer);
  }

  private static ReadOptions follow() {
    return ReadOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
  }

  private static ReadOptions cap(long bytes) {
    return ReadOptions.builder().maxSizeBytes(bytes).build();
  }

  private void write(String raw, String content, WriteOptions options) throws IOException {
    try (FileEngine.AtomicSink sink = engine.startAtomicWrite(p(raw), options)) {
      byte[] b = content.getBytes(UTF_8);
      sink.write(b, 0, b.length);
      sink.commit();
    }
  }

  private List<String> tempFilesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
    }
  }

  private static void mkfifo(Path fifo) throws IOException, InterruptedException {
    Process proc;
    try {
      proc = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available: " + e.getMessage());
      return;
    }
    assumeTrue(proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0, "mkfifo failed");
  }

  // ---- construction --------------------------------------------------------------------------

  @Test
  void constructor_rootMissing_throwsNoSuchFile() {
    assertThatThrownBy(() -> new PathCheckEngine(tmp.resolve("missing"), namer))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void constructor_rootIsFile_throwsNotDirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> new PathCheckEngine(file, namer)).isInstanceOf(NotDirectoryException.class);
  }

  @Test
  void describe_always_saysInsecure() {
    assertThat(engine.describe()).startsWith("insecure path checks");
  }

  // ---- reads and writes ----------------------------------------------------------------------

  @Test
  void atomicWrite_thenReadAll_roundTrips() throws IOException {
    write("a.txt", "hello", WriteOptions.defaults());

    assertThat(engine.readAll(p("a.txt"), ReadOptions.defaults())).asString(UTF_8).isEqualTo("hello");
    assertThat(tempFilesIn(root)).isEmpty();
  }

  @Test
  void atomicWrite_replaceExisting_replacesContent() throws IOException {
    write("a.txt", "old", WriteOptions.defaults());
    write("a.txt", "new", WriteOptions.defaults());

    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("new");
  }

  @Test
  void atomicWrite_newFile_hasPermissions0600() throws IOException {
    write("secret", "x", WriteOptions.defaults());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("secret"))))
        .isEqualTo("rw-------");
  }

  @Test
  void atomicWrite_widerPermissions_setExactlyDespiteUmask() throws IOException {
    WriteOptions opts = WriteOptions.builder()
        .permissions(PosixFilePermissions.fromString("rw-rw-rw-")).build();
    write("shared", "x", opts);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("shared"))))
        .isEqualTo("rw-rw-rw-");
  }

  @Test
  void atomicWrite_createNewOnExisting_throwsAndKeepsOldContent() throws IOException {
    write("a.txt", "old", WriteOptions.defaults());
    WriteOptions createNew = WriteOptions.builder().mode(WriteMode.CREATE_NEW).build();

    assertThatThrownBy(() -> write("a.txt", "new", createNew))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining("a.txt");
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("old");
    assertThat(tempFilesIn(root)).isEmpty();
  }

  @Test
  void atomicWrite_createNewOnAbsentName_creates() throws IOException {
    write("fresh", "x", WriteOptions.builder().mode(WriteMode.CREATE_NEW).build());

    assertThat(Files.readString(root.resolve("fresh"))).isEqualTo("x");
  }

  @Test
  void atomicWrite_overCap_keepsOldContentAndLeavesNoTempFile() throws IOException {
    write("a.txt", "old", WriteOptions.defaults());
    WriteOptions small = WriteOptions.builder().maxSizeBytes(4).build();

    assertThatThrownBy(() -> write("a.txt", "too long", small))
        .isInstanceOf(SizeLimitExceededException.class);
    assertThat(Files.readString(root.resolve("a.txt"))).isEqualTo("old");
    assertThat(tempFilesIn(root)).isEmpty();
  }

  @Test
  void atomicWrite_closedWithoutCommit_leavesNothing() throws IOException {
    try (FileEngine.AtomicSink sink = engine.startAtomicWrite(p("a.txt"), WriteOptions.defaults())) {
      sink.write(new byte[] {1, 2, 3}, 0, 3);
    }

    assertThat(root.resolve("a.txt")).doesNotExist();
    assertThat(tempFilesIn(root)).isEmpty();
  }

  @Test
  void atomicWrite_finalSymlink_refusedAndTargetUntouched() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "keep");
    Files.createSymbolicLink(root.resolve("link"), victim);

    assertThatThrownBy(() -> write("link", "x", WriteOptions.defaults()))
        .isInstanceOf(SymlinkRefusedException.class);
    assertThat(Files.readString(victim)).isEqualTo("keep");
    assertThat(Files.isSymbolicLink(root.resolve("link"))).isTrue();
  }

  @Test
  void atomicWrite_targetIsDirectory_throwsNotRegularFile() throws IOException {
    Files.createDirectory(root.resolve("d"));

    assertThatThrownBy(() -> write("d", "x", WriteOptions.defaults()))
        .isInstanceOf(NotRegularFileException.class);
  }

  @Test
  void atomicWrite_rootPath_throwsInvalidPath() {
    assertThatThrownBy(() -> engine.startAtomicWrite(p("."), WriteOptions.defaults()))
        .isInstanceOf(InvalidPathException.class)
        .hasMessageContaining("path must end in a file name");
  }

  @Test
  void readAll_fileExactlyAtCap_returnsContent() throws IOException {
    Files.write(root.resolve("f"), new byte[10]);

    assertThat(engine.readAll(p("f"), cap(10))).hasSize(10);
  }

  @Test
  void readAll_fileOneOverCap_throwsSizeLimit() throws IOException {
    Files.write(root.resolve("f"), new byte[11]);

    assertThatThrownBy(() -> engine.readAll(p("f"), cap(10)))
        .isInstanceOf(SizeLimitExceededException.class)
        .satisfies(e -> assertThat(((SizeLimitExceededException) e).limitBytes()).isEqualTo(10));
  }

  @Test
  void readAll_emptyFile_returnsEmpty() throws IOException {
    Files.write(root.resolve("empty"), new byte[0]);

    assertThat(engine.readAll(p("empty"), ReadOptions.defaults())).isEmpty();
  }

  @Test
  void readAll_missingFile_throwsNoSuchFileNamingCallerPath() throws IOException {
    assertThatThrownBy(() -> engine.readAll(p("nope"), ReadOptions.defaults()))
        .isInstanceOf(NoSuchFileException.class)
        .satisfies(e -> assertThat(((NoSuchFileException) e).getFile()).isEqualTo("nope"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(root.toString()));
  }

  @Test
  void readAll_redactedDisplay_neverShowsName() throws IOException {
    PathNamer redacted = new PathNamer(PathDisplay.REDACTED);
    PathCheckEngine quiet = new PathCheckEngine(root, redacted);
    ParsedPath path = PathParser.parse("customer-42", root, DotDotPolicy.REJECT, redacted);

    assertThatThrownBy(() -> quiet.readAll(path, ReadOptions.defaults()))
        .isInstanceOf(NoSuchFileException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("customer-42").contains("<redacted:"));
  }

  @Test
  void readAll_directory_throwsNotRegularFile() throws IOException {
    Files.createDirectory(root.resolve("d"));

    assertThatThrownBy(() -> engine.readAll(p("d"), ReadOptions.defaults()))
        .isInstanceOf(NotRegularFileException.class)
        .hasMessageContaining("DIRECTORY");
  }

  @Test
  void readAll_fifo_refusedWithoutBlocking() throws Exception {
    mkfifo(root.resolve("pipe"));

    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> engine.readAll(p("pipe"), ReadOptions.defaults()))
            .isInstanceOf(NotRegularFileException.class)
            .hasMessageContaining("FIFO"));
  }

  @Test
  void append_fifo_refusedWithoutBlocking() throws Exception {
    mkfifo(root.resolve("pipe"));
    byte[] data = {1};

    assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> engine.append(p("pipe"), data, 0, 1, WriteOptions.defaults()))
            .isInstanceOf(NotRegularFileException.class));
  }

  @Test
  void readAll_hardLinkedUnderRefuseMultiple_throwsHardLinkRefused() throws IOException {
    Path file = Files.writeString(root.resolve("f"), "x");
    Files.createLink(root.resolve("g"), file);
    ReadOptions refuse = ReadOptions.builder().hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build();

    assertThatThrownBy(() -> engine.readAll(p("f"), refuse)).isInstanceOf(HardLinkRefusedException.class);
    assertThat(engine.readAll(p("f"), ReadOptions.defaults())).asString(UTF_8).isEqualTo("x");
  }

  @Test
  void newInputStream_overCap_throwsSizeLimitAfterCapBytes() throws IOException {
    Files.write(root.resolve("f"), new byte[100]);

    try (InputStream in = engine.newInputStream(p("f"), cap(64))) {
      assertThat(in.readNBytes(64)).hasSize(64);
      assertThatThrownBy(in::read).isInstanceOf(SizeLimitExceededException.class);
    }
  }

  @Test
  void newInputStream_atCap_readsAll() throws IOException {
    Files.write(root.resolve("f"), new byte[64]);

    try (InputStream in = engine.newInputStream(p("f"), cap(64))) {
      assertThat(in.readAllBytes()).hasSize(64);
    }
  }

  @Test
  void newByteChannel_fileOverCap_refusedUpFront() throws IOException {
    Files.write(root.resolve("f"), new byte[11]);

    assertThatThrownBy(() -> engine.newByteChannel(p("f"), cap(10)))
        .isInstanceOf(SizeLimitExceededException.class);
  }

  @Test
  void newByteChannel_readPastCapPosition_throwsSizeLimit() throws IOException {
    Files.write(root.resolve("f"), new byte[10]);

    try (SeekableByteChannel ch = engine.newByteChannel(p("f"), cap(10))) {
      ByteBuffer buf = ByteBuffer.allocate(32);
      assertThat(ch.read(buf)).isEqualTo(10);
      Files.write(root.resolve("f"), new byte[20]); // grows in place after the check
      assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(32)))
          .isInstanceOf(SizeLimitExceededException.class);
    }
  }

  // ---- symbolic links ------------------------------------------------------------------------

  @Test
  void readAll_finalSymlinkUnderDeny_throwsSymlinkRefused() throws IOException {
    Files.writeString(root.resolve("real"), "x");
    Files.createSymbolicLink(root.resolve("link"), Path.of("real"));

    assertThatThrownBy(() -> engine.readAll(p("link"), ReadOptions.defaults()))
        .isInstanceOf(SymlinkRefusedException.class)
        .hasMessageContaining("SymlinkPolicy.DENY");
  }

  @Test
  void readAll_middleSymlinkUnderDeny_throwsSymlinkRefused() throws IOException {
    Files.createDirectory(root.resolve("dir"));
    Files.writeString(root.resolve("dir/f"), "x");
    Files.createSymbolicLink(root.resolve("linkdir"), Path.of("dir"));

    assertThatThrownBy(() -> engine.readAll(p("linkdir/f"), ReadOptions.defaults()))
        .isInstanceOf(SymlinkRefusedException.class);
  }

  @Test
  void readAll_symlinksWithinRootUnderFollow_followed() throws IOException {
    Files.createDirectory(root.resolve("dir"));
    Files.writeString(root.resolve("dir/f"), "inside");
    Files.createSymbolicLink(root.resolve("linkdir"), Path.of("dir"));
    Files.createSymbolicLink(root.resolve("dir/up"), Path.of("../dir/f"));

    assertThat(engine.readAll(p("linkdir/f"), follow())).asString(UTF_8).isEqualTo("inside");
    assertThat(engine.readAll(p("linkdir/up"), follow())).asString(UTF_8).isEqualTo("inside");
  }

  @Test
  void readAll_relativeLinkToOutsideUnderFollow_throwsPathEscape() throws IOException {
    Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(root.resolve("out"), Path.of("../outside/secret"));

    assertThatThrownBy(() -> engine.readAll(p("out"), follow())).isInstanceOf(PathEscapeException.class);
  }

  @Test
  void readAll_absoluteLinkUnderFollow_throwsPathEscape() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret"), "s");
    Files.createSymbolicLink(root.resolve("abs"), secret);
    Files.createSymbolicLink(root.resolve("absdir"), outside);

    assertThatThrownBy(() -> engine.readAll(p("abs"), follow())).isInstanceOf(PathEscapeException.class);
    assertThatThrownBy(() -> engine.readAll(p("absdir/secret"), follow()))
        .isInstanceOf(PathEscapeException.class);
  }

  @Test
  void readAll_symlinkLoopUnderFollow_throwsSymlinkRefused() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(root.resolve("b"), Path.of("a"));

    assertThatThrownBy(() -> engine.readAll(p("a"), follow())).isInstanceOf(SymlinkRefusedException.class);
  }

  @Test
  void readAll_dotDotAfterLinkUnderResolveBeneath_resolvesPhysically() throws IOException {
    Files.createDirectory(root.resolve("d"));
    Files.createSymbolicLink(root.resolve("d/link"), Path.of("."));
    ParsedPath path = PathParser.parse("d/link/../x", root, DotDotPolicy.RESOLVE_BENEATH, namer);
    Files.writeString(root.resolve("x"), "x");

    // The link resolves to d itself, so '..' physically leads to the root: allowed.
    assertThat(engine.readAll(path, follow())).asString(UTF_8).isEqualTo("x");
  }

  @Test
  void readAll_dotDotClimbingOutThroughLink_throwsPathEscape() throws IOException {
    Files.writeString(tmp.resolve("x"), "outside");
    Files.createDirectory(root.resolve("d"));
    Files.createSymbolicLink(root.resolve("d/link"), Path.of("."));
    // Lexically "d/link/../../x" stays inside; physically link is d, so the second '..' leaves.
    ParsedPath path = PathParser.parse("d/link/../../x", root, DotDotPolicy.RESOLVE_BENEATH, namer);

    assertThatThrownBy(() -> engine.readAll(path, follow())).isInstanceOf(PathEscapeException.class);
  }

  @Test
  void stat_symlink_reportsSymlink() throws IOException {
    Files.createSymbolicLink(root.resolve("link"), outside);

    FileInfo info = engine.stat(p("link"), SymlinkPolicy.DENY);

    assertThat(info.type()).isEqualTo(FileType.SYMLINK);
  }

  @Test
  void stat_regularFile_reportsMetadata() throws IOException {
    write("f", "12345", WriteOptions.defaults());

    FileInfo info = engine.stat(p("f"), SymlinkPolicy.DENY);

    assertThat(info.type()).isEqualTo(FileType.REGULAR);
    assertThat(info.sizeBytes()).isEqualTo(5);
    assertThat(info.permissions()).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(info.linkCount()).isEqualTo(1);
    assertThat(info.ownerUid()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void stat_root_reportsDirectory() throws IOException {
    assertThat(engine.stat(p("."), SymlinkPolicy.DENY).type()).isEqualTo(FileType.DIRECTORY);
  }

  // ---- append --------------------------------------------------------------------------------

  @Test
  void append_missingThenExisting_createsAndAppends() throws IOException {
    byte[] a = "ab".getBytes(UTF_8);
    engine.append(p("log"), a, 0, 2, WriteOptions.defaults());
    engine.append(p("log"), a, 1, 1, WriteOptions.defaults());

    assertThat(Files.readString(root.resolve("log"))).isEqualTo("abb");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("log"))))
        .isEqualTo("rw-------");
  }

  @Test
  void append_overCap_throwsBeforeWriting() throws IOException {
    WriteOptions small = WriteOptions.builder().maxSizeBytes(2).build();

    assertThatThrownBy(() -> engine.append(p("log"), new byte[3], 0, 3, small))
        .isInstanceOf(SizeLimitExceededException.class);
    assertThat(root.resolve("log")).doesNotExist();
  }

  @Test
  void append_finalSymlink_refusedAndTargetUntouched() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "keep");
    Files.createSymbolicLink(root.resolve("log"), victim);

    assertThatThrownBy(() -> engine.append(p("log"), new byte[1], 0, 1, WriteOptions.defaults()))
        .isInstanceOf(SymlinkRefusedException.class);
    assertThat(Files.readString(victim)).isEqualTo("keep");
  }

  // ---- directories ---------------------------------------------------------------------------

  @Test
  void createDirectories_nested_createsAllWithExactPermissions() throws IOException {
    engine.createDirectories(p("a/b/c"), DIR_0700, Durability.FILE_AND_DIRECTORY);

    for (String d : List.of("a", "a/b", "a/b/c")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(d))))
          .isEqualTo("rwx------");
    }
    engine.createDirectories(p("a/b/c"), DIR_0700, Durability.NONE); // existing: no error
  }

  @Test
  void createDirectories_symlinkComponent_refusedAndOutsideUntouched() throws IOException {
    Files.createSymbolicLink(root.resolve("a"), outside);

    assertThatThrownBy(() -> engine.createDirectories(p("a/b"), DIR_0700, Durability.NONE))
        .isInstanceOf(SymlinkRefusedException.class);
    assertThat(outside.resolve("b")).doesNotExist();
  }

  @Test
  void createDirectory_existing_throwsFileAlreadyExists() throws IOException {
    engine.createDirectory(p("d"), DIR_0700, SymlinkPolicy.DENY, Durability.FILE_AND_DIRECTORY);

    assertThat(root.resolve("d")).isDirectory();
    assertThatThrownBy(() -> engine.createDirectory(p("d"), DIR_0700, SymlinkPolicy.DENY, Durability.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void list_mixedEntries_sortedWithTypes() throws Exception {
    Files.writeString(root.resolve("b-file"), "x");
    Files.createDirectory(root.resolve("a-dir"));
    Files.createSymbolicLink(root.resolve("c-link"), outside);
    mkfifo(root.resolve("d-fifo"));

    List<DirectoryEntry> entries = engine.list(p("."), SymlinkPolicy.DENY);

    assertThat(entries).containsExactly(
        new DirectoryEntry("a-dir", FileType.DIRECTORY),
        new DirectoryEntry("b-file", FileType.REGULAR),
        new DirectoryEntry("c-link", FileType.SYMLINK),
        new DirectoryEntry("d-fifo", FileType.FIFO));
  }

  @Test
  void list_file_throwsNotDirectory() throws IOException {
    Files.writeString(root.resolve("f"), "x");

    assertThatThrownBy(() -> engine.list(p("f"), SymlinkPolicy.DENY)).isInstanceOf(NotDirectoryException.class);
  }

  // ---- deletion and renaming -----------------------------------------------------------------

  @Test
  void delete_symlink_removesLinkNotTarget() throws IOException {
    Path victim = Files.writeString(outside.resolve("victim"), "keep");
    Files.createSymbolicLink(root.resolve("link"), victim);

    engine.delete(p("link"), SymlinkPolicy.DENY);

    assertThat(root.resolve("link")).doesNotExist();
    assertThat(victim).exists();
  }

  @Test
  void delete_nonEmptyDirectory_throwsDirectoryNotEmpty() throws IOException {
    Files.createDirectory(root.resolve("d"));
    Files.writeString(root.resolve("d/f"), "x");

    assertThatThrownBy(() -> engine.delete(p("d"), SymlinkPolicy.DENY))
        .isInstanceOf(java.nio.file.DirectoryNotEmptyException.class);
  }

  @Test
  void deleteRecursively_linkToOutsideDir_outsideFilesSurvive() throws IOException {
    Path keep = Files.writeString(outside.resolve("keep"), "keep");
    Files.createDirectories(root.resolve("tree/sub"));
    Files.writeString(root.resolve("tree/sub/f"), "x");
    Files.createSymbolicLink(root.resolve("tree/sub/escape"), outside);

    engine.deleteRecursively(p("tree"), SymlinkPolicy.DENY);

    assertThat(root.resolve("tree")).doesNotExist();
    assertThat(keep).hasContent("keep");
  }

  @Test
  void deleteRecursively_root_emptiesButKeepsRoot() throws IOException {
    Path keep = Files.writeString(outside.resolve("keep"), "keep");
    Files.createDirectories(root.resolve("x/y"));
    Files.createSymbolicLink(root.resolve("escape"), outside);

    engine.deleteRecursively(p("."), SymlinkPolicy.DENY);

    assertThat(root).isEmptyDirectory();
    assertThat(keep).exists();
  }

  @Test
  void deleteRecursively_missing_throwsNoSuchFile() {
    assertThatThrownBy(() -> engine.deleteRecursively(p("nope"), SymlinkPolicy.DENY))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void rename_createNewOnExisting_throwsAndKeepsBoth() throws IOException {
    Files.writeString(root.resolve("a"), "a");
    Files.writeString(root.resolve("b"), "b");

    assertThatThrownBy(() -> engine.rename(p("a"), p("b"), WriteMode.CREATE_NEW, SymlinkPolicy.DENY,
        Durability.NONE))
        .isInstanceOf(FileAlreadyExistsException.class)
        .satisfies(e -> assertThat(((FileSystemException) e).getFile()).isEqualTo("b"));
    assertThat(root.resolve("a")).hasContent("a");
    assertThat(root.resolve("b")).hasContent("b");
  }

  @Test
  void rename_replace_movesFile() throws IOException {
    Files.writeString(root.resolve("a"), "a");
    Files.writeString(root.resolve("b"), "b");

    engine.rename(p("a"), p("b"), WriteMode.REPLACE, SymlinkPolicy.DENY, Durability.FILE_AND_DIRECTORY);

    assertThat(root.resolve("a")).doesNotExist();
    assertThat(root.resolve("b")).hasContent("a");
  }

  @Test
  void rename_root_throwsInvalidPath() {
    assertThatThrownBy(() -> engine.rename(p("."), p("x"), WriteMode.REPLACE, SymlinkPolicy.DENY,
        Durability.NONE)).isInstanceOf(InvalidPathException.class);
  }
}
