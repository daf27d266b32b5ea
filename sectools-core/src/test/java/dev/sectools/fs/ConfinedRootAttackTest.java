package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attack docs/files.md claims to stop, tried against both confining resolution modes. The
 * root is {@code tmp/root}; {@code tmp/outside} holds a secret that must never be read or changed.
 */
class ConfinedRootAttackTest {
  private static final ReadOptions FOLLOW =
      ReadOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
  private static final WriteOptions FOLLOW_WRITE =
      WriteOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  @TempDir Path tmp;
  Path rootDir;
  Path outside;

  static Resolution[] modes() {
    return TestRoots.confining();
  }

  @BeforeEach
  void plant() throws IOException {
    rootDir = Files.createDirectory(tmp.resolve("root"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "TOP-SECRET");
    Files.writeString(rootDir.resolve("inside"), "inside");
    Files.createDirectory(rootDir.resolve("sub"));
  }

  private void assertOutsideUntouched() throws IOException {
    assertThat(TestRoots.tree(outside)).containsExactly("secret");
    assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("TOP-SECRET");
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_symlinkInMiddleComponentToOutside_neverEscapes(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("abs"), outside);
    Files.createSymbolicLink(rootDir.resolve("rel"), Path.of("../outside"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read("abs/secret")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("rel/secret")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("abs/secret", FOLLOW)).isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read("rel/secret", FOLLOW)).isInstanceOf(PathEscapeException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_symlinkAsLastComponentToOutside_neverEscapes(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("abs"), outside.resolve("secret"));
    Files.createSymbolicLink(rootDir.resolve("sub/rel"), Path.of("../../outside/secret"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read("abs")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("sub/rel")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("abs", FOLLOW)).isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read("sub/rel", FOLLOW)).isInstanceOf(PathEscapeException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_trailingSlashOnLink_neverFollowsIt(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("dirlink"), outside);
    Files.createSymbolicLink(rootDir.resolve("filelink"), outside.resolve("secret"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read("filelink/")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.list("dirlink/")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("dirlink/secret/")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("filelink/.")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.read("inside/")).isInstanceOf(java.nio.file.NotDirectoryException.class);
      assertThatThrownBy(() -> root.read("inside/.")).isInstanceOf(java.nio.file.NotDirectoryException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_symlinkWithinRoot_followedOnlyWhenPolicyAllows(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("sub/up"), Path.of("../inside"));
    Files.createSymbolicLink(rootDir.resolve("s"), Path.of("sub"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read("sub/up")).isInstanceOf(SymlinkRefusedException.class);
      assertThat(root.read("sub/up", FOLLOW)).asString(UTF_8).isEqualTo("inside");
      assertThat(root.read("s/up", FOLLOW)).asString(UTF_8).isEqualTo("inside");
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_symlinkLoop_isRefusedNotHung(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(rootDir.resolve("b"), Path.of("a"));
    Files.createSymbolicLink(rootDir.resolve("self"), Path.of("self/x"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertTimeoutPreemptively(PROMPTLY, () -> {
        assertThatThrownBy(() -> root.read("a", FOLLOW)).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> root.read("self", FOLLOW)).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> root.read("a")).isInstanceOf(SymlinkRefusedException.class);
      });
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_procMagicLinks_areNeverFollowed(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(Path.of("/proc/self"), mode)) {
      for (ReadOptions options : List.of(ReadOptions.defaults(), FOLLOW)) {
        assertThatThrownBy(() -> root.read("root/etc/hostname", options))
            .isInstanceOfAny(SymlinkRefusedException.class, PathEscapeException.class);
        assertThatThrownBy(() -> root.read("cwd/pom.xml", options))
            .isInstanceOfAny(SymlinkRefusedException.class, PathEscapeException.class);
        assertThatThrownBy(() -> root.read("exe", options))
            .isInstanceOfAny(SymlinkRefusedException.class, PathEscapeException.class);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_dotDotSegments_rejectedByDefaultAndNeverClimbOut(Resolution mode) throws IOException {
    ReadOptions beneath = ReadOptions.builder().dotDotPolicy(DotDotPolicy.RESOLVE_BENEATH).build();
    ReadOptions beneathFollow = FOLLOW.toBuilder().dotDotPolicy(DotDotPolicy.RESOLVE_BENEATH).build();
    Files.createSymbolicLink(rootDir.resolve("sub/link"), Path.of("."));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read("sub/../inside")).isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read("../outside/secret")).isInstanceOf(PathEscapeException.class);
      assertThat(root.read("sub/../inside", beneath)).asString(UTF_8).isEqualTo("inside");
      assertThatThrownBy(() -> root.read("../outside/secret", beneath)).isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read("sub/../../outside/secret", beneath))
          .isInstanceOf(PathEscapeException.class);
      // '..' after a followed link climbs from where the link led, physically, and still not out.
      assertThatThrownBy(() -> root.read("sub/link/../../outside/secret", beneathFollow))
          .isInstanceOf(PathEscapeException.class);
      assertThat(root.read("sub/link/../inside", beneathFollow)).asString(UTF_8).isEqualTo("inside");
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_malformedPaths_throwInvalidPath(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read("")).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> root.read("inside\0.txt")).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> root.read("a".repeat(5000))).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> root.read("x".repeat(256))).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> root.read("bad\uD800name")).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> root.read(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_absolutePathOutsideRoot_throwsPathEscape(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThatThrownBy(() -> root.read(outside.resolve("secret").toString()))
          .isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read(rootDir + "/../outside/secret"))
          .isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read(rootDir + "-sibling/x")).isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.read("/etc/passwd")).isInstanceOf(PathEscapeException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void write_throughLinks_neverChangesAnythingOutside(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("final"), outside.resolve("secret"));
    Files.createSymbolicLink(rootDir.resolve("dir"), outside);
    Files.createSymbolicLink(rootDir.resolve("relfinal"), Path.of("../outside/secret"));
    byte[] evil = "EVIL".getBytes(UTF_8);
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      for (WriteOptions options : List.of(WriteOptions.defaults(), FOLLOW_WRITE)) {
        assertThatThrownBy(() -> root.write("final", evil, options)).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> root.write("relfinal", evil, options))
            .isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> root.write("dir/new", evil, options))
            .isInstanceOfAny(SymlinkRefusedException.class, PathEscapeException.class);
        assertThatThrownBy(() -> root.write("dir/secret", evil, options))
            .isInstanceOfAny(SymlinkRefusedException.class, PathEscapeException.class);
        assertThatThrownBy(() -> root.append("final", evil, options)).isInstanceOf(SymlinkRefusedException.class);
        assertThatThrownBy(() -> root.append("dir/secret", evil, options))
            .isInstanceOfAny(SymlinkRefusedException.class, PathEscapeException.class);
      }
      assertThatThrownBy(() -> root.createDirectories("dir/x")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.createDirectory("dir/x")).isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.rename("inside", "dir/stolen", WriteMode.REPLACE))
          .isInstanceOf(SymlinkRefusedException.class);
      assertThatThrownBy(() -> root.rename("inside", "../outside/stolen", WriteMode.REPLACE))
          .isInstanceOf(PathEscapeException.class);
    }
    assertOutsideUntouched();
    assertThat(Files.isSymbolicLink(rootDir.resolve("final"))).isTrue();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void deleteRecursively_treeWithLinksToOutside_removesLinksOnly(Resolution mode) throws IOException {
    Files.createDirectories(rootDir.resolve("t/a/b"));
    Files.writeString(rootDir.resolve("t/a/b/f"), "x");
    Files.createSymbolicLink(rootDir.resolve("t/a/out"), outside);
    Files.createSymbolicLink(rootDir.resolve("t/secret"), outside.resolve("secret"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      root.deleteRecursively("t");
      assertThatThrownBy(() -> root.delete("../outside/secret")).isInstanceOf(PathEscapeException.class);
    }
    assertThat(Files.exists(rootDir.resolve("t"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertOutsideUntouched();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void deleteRecursively_root_emptiesButKeepsRoot(Resolution mode) throws IOException {
    Files.createSymbolicLink(rootDir.resolve("out"), outside);
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      root.deleteRecursively(".");
      assertThat(root.list(".")).isEmpty();
    }
    assertThat(Files.isDirectory(rootDir)).isTrue();
    assertOutsideUntouched();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_fifo_isRefusedPromptlyWithoutBlocking(Resolution mode) throws Exception {
    TestRoots.mkfifo(rootDir.resolve("fifo"));
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertTimeoutPreemptively(PROMPTLY, () -> {
        assertThatThrownBy(() -> root.read("fifo")).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.newInputStream("fifo")).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.write("fifo", new byte[1])).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.append("fifo", new byte[1], WriteOptions.defaults()))
            .isInstanceOf(NotRegularFileException.class);
      });
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_devicesAndDirectories_areRefused(Resolution mode) throws IOException {
    try (ConfinedRoot dev = TestRoots.open(Path.of("/dev"), mode);
        ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertTimeoutPreemptively(PROMPTLY, () -> {
        assertThatThrownBy(() -> dev.read("zero")).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> dev.read("null")).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.read("sub")).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.write("sub", new byte[1])).isInstanceOf(NotRegularFileException.class);
      });
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_fileLargerThanItsReportedSize_isCappedOnBytesRead(Resolution mode) throws IOException {
    // procfs reports size 0 for files that hold data: the cap must count what is read.
    ReadOptions tiny = ReadOptions.builder().maxSizeBytes(16).build();
    try (ConfinedRoot root = TestRoots.open(Path.of("/proc/self"), mode)) {
      assertThat(root.stat("status").sizeBytes()).isZero();
      assertThatThrownBy(() -> root.read("status", tiny)).isInstanceOf(SizeLimitExceededException.class);
      try (var in = root.newInputStream("status", tiny)) {
        assertThatThrownBy(in::readAllBytes).isInstanceOf(SizeLimitExceededException.class);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_fileGrowingDuringRead_neverReturnsMoreThanCap(Resolution mode) throws Exception {
    Path f = rootDir.resolve("growing");
    Files.write(f, new byte[1000]);
    ReadOptions cap = ReadOptions.builder().maxSizeBytes(64 * 1024).build();
    Thread grower = Thread.ofPlatform().start(() -> {
      try (var out = Files.newOutputStream(f, java.nio.file.StandardOpenOption.APPEND)) {
        for (int i = 0; i < 200; i++) {
          out.write(new byte[1024]);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      while (grower.isAlive()) {
        try {
          assertThat(root.read("growing", cap).length).isLessThanOrEqualTo(64 * 1024);
        } catch (SizeLimitExceededException expected) {
          // refused: fine
        }
      }
      grower.join();
      assertThatThrownBy(() -> root.read("growing", cap)).isInstanceOf(SizeLimitExceededException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_multiplyLinkedFile_refusedOnlyWhenAsked(Resolution mode) throws IOException {
    Files.createLink(rootDir.resolve("hard"), rootDir.resolve("inside"));
    ReadOptions refuse = ReadOptions.builder().hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build();
    WriteOptions refuseAppend = WriteOptions.builder().hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build();
    try (ConfinedRoot root = TestRoots.open(rootDir, mode)) {
      assertThat(root.read("hard")).asString(UTF_8).isEqualTo("inside");
      assertThatThrownBy(() -> root.read("hard", refuse)).isInstanceOf(HardLinkRefusedException.class);
      assertThatThrownBy(() -> root.append("hard", new byte[1], refuseAppend))
          .isInstanceOf(HardLinkRefusedException.class);
    }
  }
}
