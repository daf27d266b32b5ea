package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Regression tests for what {@link PathResolutionFuzzTest} found (docs/fuzzing.md): names that
 * are not UTF-8, paths ending in {@code /}, and an unbounded size cap. Each runs in every mode.
 */
class FuzzFindingsTest {
  private static final ReadOptions FOLLOW =
      ReadOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();

  @TempDir Path dir;

  static Resolution[] confining() {
    return TestRoots.confining();
  }

  @BeforeEach
  void plant() throws IOException {
    Files.writeString(dir.resolve("file"), "a file");
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.createSymbolicLink(dir.resolve("link-dir"), Path.of("sub"));
  }

  private static ConfinedRoot open(Path dir, Resolution mode) throws IOException {
    return mode == Resolution.ALLOW_INSECURE_PATH_CHECKS
        ? ConfinedRoot.open(dir, RootOptions.builder().resolution(mode).build())
        : TestRoots.open(dir, mode);
  }

  // ---- names that are not UTF-8

  @ParameterizedTest
  @MethodSource("confining")
  void deleteRecursively_nonUtf8Names_removesThemAndFinishes(Resolution mode) throws Exception {
    Path tree = Files.createDirectories(dir.resolve("tree/inner")).getParent();
    rawFile(tree, "raw at top");
    rawFile(tree.resolve("inner"), "raw below");
    Files.writeString(tree.resolve("\uFFFD"), "replacement character");
    try (ConfinedRoot root = open(dir, mode)) {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> root.deleteRecursively("tree"));
    }
    assertThat(Files.exists(tree, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("confining")
  void read_linkToNonUtf8Name_followsTheExactBytes(Resolution mode) throws Exception {
    Path raw = rawFile(dir, "raw 0xff");
    Files.writeString(dir.resolve("\uFFFD"), "replacement character");
    Files.createSymbolicLink(dir.resolve("link-raw"), raw.getFileName());
    try (ConfinedRoot root = open(dir, mode)) {
      assertThat(new String(root.read("link-raw", FOLLOW), UTF_8)).isEqualTo("raw 0xff");
    }
  }

  @ParameterizedTest
  @MethodSource("confining")
  void list_nonUtf8Name_isShownWithReplacementCharacter(Resolution mode) throws Exception {
    Path sub = dir.resolve("sub");
    rawFile(sub, "raw");
    try (ConfinedRoot root = open(dir, mode)) {
      assertThat(root.list("sub")).extracting(DirectoryEntry::name).containsExactly("deeper", "\uFFFD");
    }
  }

  // ---- a trailing '/' names a directory, for every operation

  @ParameterizedTest
  @EnumSource(value = Resolution.class, names = "AUTO", mode = EnumSource.Mode.EXCLUDE)
  void trailingSlash_onFile_isRefusedByEveryOperation(Resolution mode) throws IOException {
    try (ConfinedRoot root = open(dir, mode)) {
      for (String path : List.of("file/", "file/.")) {
        assertThatThrownBy(() -> root.stat(path)).isInstanceOf(NotDirectoryException.class);
        assertThat(root.exists(path)).isFalse();
        assertThatThrownBy(() -> root.read(path)).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> root.write(path, new byte[] {1})).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.append(path, new byte[] {1})).isInstanceOf(NotRegularFileException.class);
        assertThatThrownBy(() -> root.delete(path)).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> root.deleteRecursively(path)).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> root.rename(path, "moved", WriteMode.CREATE_NEW)).isInstanceOf(NotDirectoryException.class);
        assertThatThrownBy(() -> root.rename("file", "moved/", WriteMode.CREATE_NEW)).isInstanceOf(NotDirectoryException.class);
      }
      assertThatThrownBy(() -> root.write("new/", new byte[] {1})).isInstanceOf(NotRegularFileException.class);
      assertThatThrownBy(() -> root.append("new/", new byte[] {1})).isInstanceOf(NotRegularFileException.class);
    }
    assertThat(Files.readString(dir.resolve("file"))).isEqualTo("a file");
    assertThat(TestRoots.tree(dir)).containsExactly("file", "link-dir", "sub", "sub/deeper");
  }

  @ParameterizedTest
  @EnumSource(value = Resolution.class, names = "AUTO", mode = EnumSource.Mode.EXCLUDE)
  void trailingSlash_onLinkToDirectory_neverFollowsIt(Resolution mode) throws IOException {
    try (ConfinedRoot root = open(dir, mode)) {
      assertThatThrownBy(() -> root.stat("link-dir/")).isInstanceOf(NotDirectoryException.class);
      assertThatThrownBy(() -> root.delete("link-dir/")).isInstanceOf(NotDirectoryException.class);
      assertThatThrownBy(() -> root.deleteRecursively("link-dir/")).isInstanceOf(NotDirectoryException.class);
    }
    assertThat(TestRoots.tree(dir)).containsExactly("file", "link-dir", "sub", "sub/deeper");
  }

  @ParameterizedTest
  @EnumSource(value = Resolution.class, names = "AUTO", mode = EnumSource.Mode.EXCLUDE)
  void trailingSlash_onDirectory_works(Resolution mode) throws IOException {
    try (ConfinedRoot root = open(dir, mode)) {
      assertThat(root.stat("sub/.").isDirectory()).isTrue();
      root.rename("sub/", "moved/", WriteMode.CREATE_NEW);
      root.delete("moved/deeper/");
      root.deleteRecursively("moved/");
    }
    assertThat(TestRoots.tree(dir)).containsExactly("file", "link-dir");
  }

  // ---- an unbounded cap

  @ParameterizedTest
  @EnumSource(value = Resolution.class, names = "AUTO", mode = EnumSource.Mode.EXCLUDE)
  void read_capOfLongMaxValue_readsWholeFileThroughEveryApi(Resolution mode) throws IOException {
    ReadOptions unbounded = ReadOptions.builder().maxSizeBytes(Long.MAX_VALUE).build();
    try (ConfinedRoot root = open(dir, mode)) {
      assertThat(root.read("file", unbounded)).asString(UTF_8).isEqualTo("a file");
      try (InputStream in = root.newInputStream("file", unbounded)) {
        assertThat(in.readAllBytes()).asString(UTF_8).isEqualTo("a file");
      }
      try (SeekableByteChannel ch = root.newByteChannel("file", unbounded)) {
        assertThat(Channels.newInputStream(ch).readAllBytes()).asString(UTF_8).isEqualTo("a file");
        ch.position(1L << 40); // far past the end
        assertThat(ch.read(java.nio.ByteBuffer.allocate(8))).isEqualTo(-1);
      }
    }
  }

  /** Creates a file whose name is the single byte 0xff, which no Java string encodes to. */
  private static Path rawFile(Path parent, String content) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "printf '%s' \"$2\" > \"$1/$(printf '\\377')\"",
        "sh", parent.toString(), content).inheritIO().start();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("could not create a non-UTF-8 name in " + parent);
    }
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(f -> f.getFileName().toString().equals("\uFFFD")
              && !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS))
          .findFirst().orElseThrow();
    }
  }
}
