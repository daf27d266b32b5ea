package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfinedRootTest {
  @TempDir Path dir;

  static Resolution[] modes() {
    return TestRoots.confining();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_thenRead_roundTrips(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.write("a.txt", "hello".getBytes(UTF_8));
      assertThat(root.read("a.txt")).asString(UTF_8).isEqualTo("hello");
      assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("hello");
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_newFile_hasOwnerOnlyPermissionsWhateverTheUmask(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.write("secret", new byte[] {1});
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret"))))
          .isEqualTo("rw-------");
      root.write("shared", new byte[] {1}, WriteOptions.builder()
          .permissions(PosixFilePermissions.fromString("rw-rw-r--")).build());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("shared"))))
          .isEqualTo("rw-rw-r--");
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_existingFile_replacesAtomicallyAndLeavesNoTemporaryFile(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "old");
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.write("f", "new".getBytes(UTF_8));
    }
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("new");
    assertThat(TestRoots.tree(dir)).containsExactly("f");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_createNewOnExistingName_throwsAndKeepsOldContent(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "old");
    WriteOptions createNew = WriteOptions.builder().mode(WriteMode.CREATE_NEW).build();
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThatThrownBy(() -> root.write("f", "new".getBytes(UTF_8), createNew))
          .isInstanceOf(FileAlreadyExistsException.class);
      root.write("g", "fresh".getBytes(UTF_8), createNew);
    }
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("old");
    assertThat(Files.readString(dir.resolve("g"))).isEqualTo("fresh");
    assertThat(TestRoots.tree(dir)).containsExactly("f", "g");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_overCap_throwsAndKeepsOldContent(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "old");
    WriteOptions small = WriteOptions.builder().maxSizeBytes(4).build();
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThatThrownBy(() -> root.write("f", "too long".getBytes(UTF_8), small))
          .isInstanceOf(SizeLimitExceededException.class)
          .hasMessageContaining("4 bytes");
      root.write("f", "four".getBytes(UTF_8), small);
    }
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("four");
    assertThat(TestRoots.tree(dir)).containsExactly("f");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void newAtomicOutputStream_closedWithoutCommit_discardsEverything(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "old");
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      try (AtomicOutputStream out = root.newAtomicOutputStream("f", WriteOptions.defaults())) {
        out.write("partial".getBytes(UTF_8));
      }
      assertThat(root.read("f")).asString(UTF_8).isEqualTo("old");
      AtomicOutputStream out = root.newAtomicOutputStream("f", WriteOptions.defaults());
      out.write("done".getBytes(UTF_8));
      out.commit();
      assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
      out.close();
    }
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("done");
    assertThat(TestRoots.tree(dir)).containsExactly("f");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_fromStream_streamsAndCapsBytes(Resolution mode) throws IOException {
    byte[] big = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(1).nextBytes(big);
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      long n = root.write("big", new java.io.ByteArrayInputStream(big), WriteOptions.defaults());
      assertThat(n).isEqualTo(big.length);
      assertThat(root.read("big")).isEqualTo(big);
      WriteOptions small = WriteOptions.builder().maxSizeBytes(1024).build();
      assertThatThrownBy(() -> root.write("big", new java.io.ByteArrayInputStream(big), small))
          .isInstanceOf(SizeLimitExceededException.class);
      assertThat(root.read("big")).isEqualTo(big);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_fileAtCap_succeedsAndOneByteMoreFails(Resolution mode) throws IOException {
    Files.write(dir.resolve("at"), new byte[100]);
    Files.write(dir.resolve("over"), new byte[101]);
    ReadOptions cap = ReadOptions.builder().maxSizeBytes(100).build();
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThat(root.read("at", cap)).hasSize(100);
      assertThatThrownBy(() -> root.read("over", cap)).isInstanceOf(SizeLimitExceededException.class);
      try (InputStream in = root.newInputStream("over", cap)) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(SizeLimitExceededException.class);
      }
      try (InputStream in = root.newInputStream("at", cap)) {
        assertThat(in.readAllBytes()).hasSize(100);
      }
      assertThatThrownBy(() -> root.newByteChannel("over", cap)).isInstanceOf(SizeLimitExceededException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_emptyFile_returnsEmptyArray(Resolution mode) throws IOException {
    Files.write(dir.resolve("empty"), new byte[0]);
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThat(root.read("empty")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_procFileThatReportsSizeZero_readsActualContent(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(Path.of("/proc/self"), mode)) {
      assertThat(new String(root.read("status"), UTF_8)).contains("Pid:");
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void newByteChannel_seeksAndReadsAndRefusesWrites(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "0123456789");
    try (ConfinedRoot root = TestRoots.open(dir, mode);
        SeekableByteChannel ch = root.newByteChannel("f")) {
      assertThat(ch.size()).isEqualTo(10);
      ch.position(6);
      ByteBuffer buf = ByteBuffer.allocate(10);
      assertThat(ch.read(buf)).isEqualTo(4);
      assertThat(new String(buf.array(), 0, 4, UTF_8)).isEqualTo("6789");
      assertThat(ch.read(buf)).isEqualTo(-1);
      ByteBuffer direct = ByteBuffer.allocateDirect(3);
      ch.position(0);
      assertThat(ch.read(direct)).isEqualTo(3);
      assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1))).isInstanceOf(NonWritableChannelException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void append_createsWithOwnerOnlyAndAppends(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.append("log", "a\n".getBytes(UTF_8), WriteOptions.defaults());
      root.append("log", "b\n".getBytes(UTF_8), WriteOptions.defaults());
    }
    assertThat(Files.readString(dir.resolve("log"))).isEqualTo("a\nb\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("log"))))
        .isEqualTo("rw-------");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void createDirectories_makesPrivateDirectoriesAndKeepsExisting(Resolution mode) throws IOException {
    Files.createDirectory(dir.resolve("a"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.createDirectories("a/b/c");
      root.createDirectories("a/b/c");
      root.write("a/b/c/f", new byte[] {1});
      assertThatThrownBy(() -> root.createDirectory("a/b")).isInstanceOf(FileAlreadyExistsException.class);
      root.createDirectory("a/d");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
        .isEqualTo("rwx------");
    assertThat(Files.isDirectory(dir.resolve("a/d"))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void list_returnsSortedEntriesWithTypes(Resolution mode) throws Exception {
    Files.writeString(dir.resolve("b"), "x");
    Files.createDirectory(dir.resolve("a"));
    Files.createSymbolicLink(dir.resolve("c"), Path.of("b"));
    TestRoots.mkfifo(dir.resolve("d"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThat(root.list(".")).containsExactly(
          new DirectoryEntry("a", FileType.DIRECTORY),
          new DirectoryEntry("b", FileType.REGULAR),
          new DirectoryEntry("c", FileType.SYMLINK),
          new DirectoryEntry("d", FileType.FIFO));
      assertThat(root.list("a")).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void stat_reportsMetadataWithoutFollowingFinalLink(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "12345");
    Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      FileInfo f = root.stat("f");
      assertThat(f.type()).isEqualTo(FileType.REGULAR);
      assertThat(f.sizeBytes()).isEqualTo(5);
      assertThat(f.linkCount()).isEqualTo(1);
      assertThat(root.stat("l").type()).isEqualTo(FileType.SYMLINK);
      assertThat(root.stat(".").isDirectory()).isTrue();
      assertThat(root.exists("f")).isTrue();
      assertThat(root.exists("nope")).isFalse();
      assertThatThrownBy(() -> root.stat("nope")).isInstanceOf(NoSuchFileException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void delete_removesFilesLinksAndEmptyDirectories(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    Files.createDirectories(dir.resolve("d/e"));
    Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.delete("l");
      assertThat(Files.exists(dir.resolve("f"))).isTrue();
      assertThatThrownBy(() -> root.delete("d")).isInstanceOf(DirectoryNotEmptyException.class);
      root.delete("d/e");
      root.delete("d");
      assertThat(root.deleteIfExists("f")).isTrue();
      assertThat(root.deleteIfExists("f")).isFalse();
    }
    assertThat(TestRoots.tree(dir)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void rename_movesWithinRootAndHonoursCreateNew(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("a"), "A");
    Files.writeString(dir.resolve("b"), "B");
    Files.createDirectory(dir.resolve("sub"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThatThrownBy(() -> root.rename("a", "b", WriteMode.CREATE_NEW))
          .isInstanceOf(FileAlreadyExistsException.class);
      root.rename("a", "sub/a2", WriteMode.CREATE_NEW);
      root.rename("b", "sub/a2", WriteMode.REPLACE);
    }
    assertThat(TestRoots.tree(dir)).containsExactly("sub", "sub/a2");
    assertThat(Files.readString(dir.resolve("sub/a2"))).isEqualTo("B");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_absolutePathInsideRoot_isAccepted(Resolution mode) throws IOException {
    Files.writeString(dir.resolve("f"), "x");
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThat(root.read(dir.resolve("f").toString())).hasSize(1);
    }
  }

  @Test
  void close_thenUse_throwsIllegalState() throws IOException {
    ConfinedRoot root = ConfinedRoot.open(dir);
    root.close();
    root.close();
    assertThatThrownBy(() -> root.read("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void open_missingDirectory_throwsNoSuchFile() {
    assertThatThrownBy(() -> ConfinedRoot.open(dir.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageNotContaining("missing");
  }

  @Test
  void exceptions_byDefault_redactPathNames() throws IOException {
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      assertThatThrownBy(() -> root.read("customer-4711.key"))
          .isInstanceOf(NoSuchFileException.class)
          .hasMessageContaining("<redacted:")
          .hasMessageNotContaining("4711");
    }
  }

  @Test
  void toString_showsConfinementButNotPath() throws IOException {
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      assertThat(root.toString()).contains("openat2").doesNotContain(dir.toString());
      assertThat(root.confinement()).isNotBlank();
      assertThat(List.of(root.path())).containsExactly(dir.toAbsolutePath().normalize());
    }
  }
  /** Every engine: the two that confine, and the one that checks paths. */
  static Resolution[] everyEngine() {
    return new Resolution[] {Resolution.OPENAT2, Resolution.DESCRIPTOR_WALK, Resolution.ALLOW_INSECURE_PATH_CHECKS};
  }

  /**
   * A reader that found a file damaged removes it only if it is still the file it read: a good
   * copy renamed over the name meanwhile (another writer's repair) stays.
   */
  @ParameterizedTest
  @MethodSource("everyEngine")
  void deleteIfSameFile_replacedByRenameSinceOpened_keptAndFalse(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.write("entry", new byte[] {1});
      try (SeekableByteChannel read = root.newByteChannel("entry")) {
        Files.move(Files.write(dir.resolve("repair"), new byte[] {2}), dir.resolve("entry"),
            StandardCopyOption.REPLACE_EXISTING);

        assertThat(root.deleteIfSameFile("entry", read)).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("entry"))).containsExactly(2);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void deleteIfSameFile_stillTheFileRead_deletedAndTrue(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      root.write("entry", new byte[] {1});
      try (SeekableByteChannel read = root.newByteChannel("entry")) {
        Files.write(dir.resolve("entry"), new byte[] {3}); // changed in place: the same file

        assertThat(root.deleteIfSameFile("entry", read)).isTrue();
        assertThat(dir.resolve("entry")).doesNotExist();
        assertThat(root.deleteIfSameFile("entry", read)).as("gone already").isFalse();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("everyEngine")
  void deleteIfSameFile_channelFromElsewhere_refused(Resolution mode) throws IOException {
    Files.write(dir.resolve("entry"), new byte[] {1});
    try (ConfinedRoot root = TestRoots.open(dir, mode);
        SeekableByteChannel foreign = Files.newByteChannel(dir.resolve("entry"))) {
      assertThatThrownBy(() -> root.deleteIfSameFile("entry", foreign)).isInstanceOf(IllegalArgumentException.class);
      assertThat(dir.resolve("entry")).exists();
    }
  }
}
