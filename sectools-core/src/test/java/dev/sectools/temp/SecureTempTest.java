package dev.sectools.temp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.fs.PathDisplay;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureTempTest {
  @TempDir Path base;

  @Test
  void createDirectory_default_isPrivateRandomAndRemovedOnClose() throws IOException {
    Path p;
    try (TempDirectory dir = SecureTemp.createDirectory("app-", TempTesting.in(base))) {
      p = dir.path();
      assertThat(p.getParent()).isEqualTo(base);
      assertThat(p.getFileName().toString()).matches("app-[a-z2-7]{26}");
      assertThat(TempTesting.mode(p)).isEqualTo(0700);
      assertThat(Files.isDirectory(p)).isTrue();
    }
    assertThat(p).doesNotExist();
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void createDirectory_defaultOptions_usesJavaIoTmpdir() throws IOException {
    try (TempDirectory dir = SecureTemp.createDirectory("sectools-test-")) {
      assertThat(dir.path().getParent())
          .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
    }
  }

  @Test
  void createFile_default_isPrivateOpenReadWriteAndRemovedOnClose() throws IOException {
    Path p;
    try (TempFile f = SecureTemp.createFile("data-", ".bin", TempTesting.in(base))) {
      p = f.path();
      assertThat(p.getFileName().toString()).matches("data-[a-z2-7]{26}\\.bin");
      assertThat(TempTesting.mode(p)).isEqualTo(0600);
      SeekableByteChannel ch = f.channel();
      ch.write(ByteBuffer.wrap("hello world".getBytes(UTF_8)));
      assertThat(ch.size()).isEqualTo(11);
      ch.position(6);
      ByteBuffer buf = ByteBuffer.allocate(5);
      ch.read(buf);
      assertThat(new String(buf.array(), UTF_8)).isEqualTo("world");
      assertThat(Files.readString(p)).isEqualTo("hello world");
    }
    assertThat(p).doesNotExist();
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void newOutputStream_thenNewInputStream_roundTripsWithoutMovingTheChannel() throws IOException {
    try (TempFile f = SecureTemp.createFile("s-", "", TempTesting.in(base))) {
      try (OutputStream out = f.newOutputStream()) {
        out.write("abc".getBytes(UTF_8));
      }
      try (OutputStream out = f.newOutputStream()) {
        out.write("def".getBytes(UTF_8));
      }
      try (InputStream in = f.newInputStream()) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("abcdef");
      }
      assertThat(f.channel().position()).isZero();
      f.channel().truncate(2);
      try (InputStream in = f.newInputStream()) {
        assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("ab");
      }
    }
  }

  @Test
  void close_channelClosedByCaller_stillRemovesFile() throws IOException {
    TempFile f = SecureTemp.createFile("c-", "", TempTesting.in(base));
    f.channel().close();
    assertThatThrownBy(f::newOutputStream).isInstanceOf(IOException.class);
    f.close();
    f.close(); // idempotent
    assertThat(TempTesting.tree(base)).isEmpty();
    assertThat(f.toString()).isEqualTo("TempFile{closed}");
  }

  @Test
  void close_keepOption_leavesEntriesInPlace() throws IOException {
    TempOptions keep = TempOptions.builder().baseDirectory(base).deleteOnClose(DeleteOnClose.KEEP).build();
    Path dirPath;
    Path filePath;
    try (TempDirectory dir = SecureTemp.createDirectory("k-", keep);
        TempFile file = SecureTemp.createFile("k-", ".txt", keep)) {
      dirPath = dir.path();
      filePath = file.path();
    }
    assertThat(dirPath).isDirectory();
    assertThat(filePath).isRegularFile();
  }

  @Test
  void close_overwriteZeros_zeroesTheFileBeforeRemoval() throws IOException {
    TempOptions zeros = TempOptions.builder().baseDirectory(base).overwrite(Overwrite.ZEROS).build();
    byte[] secret = "TOP-SECRET-TOP-SECRET".getBytes(UTF_8);
    TempFile f = SecureTemp.createFile("z-", "", zeros);
    f.channel().write(ByteBuffer.wrap(secret));
    // An observer holding the same inode open sees what removal did to the bytes.
    try (FileChannel observer = FileChannel.open(f.path(), StandardOpenOption.READ)) {
      f.close();
      assertThat(f.path()).doesNotExist();
      ByteBuffer seen = ByteBuffer.allocate(secret.length);
      observer.read(seen, 0);
      assertThat(seen.array()).containsOnly(0);
    }
  }

  @Test
  void close_overwriteZerosOnDirectory_zeroesEveryFileInTheTree() throws IOException {
    TempOptions zeros = TempOptions.builder().baseDirectory(base).overwrite(Overwrite.ZEROS).build();
    TempDirectory dir = SecureTemp.createDirectory("z-", zeros);
    dir.root().createDirectories("a/b");
    dir.root().write("a/b/key", "KEY-MATERIAL".getBytes(UTF_8));
    try (FileChannel observer = FileChannel.open(dir.path().resolve("a/b/key"), StandardOpenOption.READ)) {
      dir.close();
      ByteBuffer seen = ByteBuffer.allocate(12);
      observer.read(seen, 0);
      assertThat(seen.array()).containsOnly(0);
    }
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void root_insideTempDirectory_confinesAndIsClosedWithIt() throws IOException {
    TempDirectory dir = SecureTemp.createDirectory("r-", TempTesting.in(base));
    dir.root().write("x", "1".getBytes(UTF_8));
    assertThat(dir.root()).isSameAs(dir.root());
    assertThat(TempTesting.mode(dir.path().resolve("x"))).isEqualTo(0600);
    try (TempFile inner = dir.createFile("in-", ".tmp")) {
      assertThat(inner.path().getParent()).isEqualTo(dir.path());
    }
    dir.close();
    assertThatThrownBy(dir::root).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> dir.createFile("a", "b")).isInstanceOf(IllegalStateException.class);
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void createFile_manyNames_allDistinct() throws IOException {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      try (TempFile f = SecureTemp.createFile("", "", TempTesting.in(base))) {
        names.add(f.path().getFileName().toString());
      }
    }
    assertThat(names).hasSize(200);
  }

  @Test
  void createFile_manyThreadsAtOnce_distinctPrivateFilesAllRemoved() throws Exception {
    Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            try (TempFile f = SecureTemp.createFile("mt-", "", TempTesting.in(base))) {
              assertThat(TempTesting.mode(f.path())).isEqualTo(0600);
              names.add(f.path().getFileName().toString());
            }
          }
          return null;
        }));
      }
      for (var f : done) {
        f.get();
      }
    }
    assertThat(names).hasSize(800);
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void createFile_prefixWithSeparatorOrNul_refusedAsCallerBug() {
    for (String bad : new String[] {"a/b", "..\\x", "nul\0"}) {
      assertThatThrownBy(() -> SecureTemp.createFile(bad, "", TempTesting.in(base)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not contain");
      assertThatThrownBy(() -> SecureTemp.createFile("", bad, TempTesting.in(base)))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SecureTemp.createDirectory("x".repeat(240), TempTesting.in(base)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
  }

  @Test
  void createDirectory_missingBase_noSuchFile() {
    assertThatThrownBy(() -> SecureTemp.createDirectory("m-", TempTesting.in(base.resolve("missing"))))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void createDirectory_xdgRuntimeDirChosen_usesItOrSaysItIsUnset() throws IOException {
    TempOptions xdg = TempOptions.builder().baseDirectory(BaseDirectory.XDG_RUNTIME_DIR).build();
    String env = System.getenv("XDG_RUNTIME_DIR");
    if (env == null || env.isEmpty()) {
      assertThatThrownBy(() -> SecureTemp.createDirectory("x-", xdg))
          .isInstanceOf(NoSuchFileException.class).hasMessageContaining("XDG_RUNTIME_DIR");
      return;
    }
    assumeTrue(Files.isDirectory(Path.of(env)), "XDG_RUNTIME_DIR is set but missing");
    try (TempDirectory dir = SecureTemp.createDirectory("x-", xdg)) {
      assertThat(dir.path().getParent()).isEqualTo(Path.of(env));
    }
  }

  @Test
  void exceptions_redactedByDefault_neverNameTheBase() {
    TempOptions redacted = TempOptions.builder().baseDirectory(base.resolve("hidden-name")).build();
    assertThatThrownBy(() -> SecureTemp.createFile("r-", "", redacted))
        .isInstanceOf(NoSuchFileException.class)
        .message().doesNotContain("hidden-name").contains("<redacted:");
    assertThat(TempOptions.defaults().pathDisplay()).isEqualTo(PathDisplay.REDACTED);
    assertThat(redacted.toString()).doesNotContain("hidden-name");
  }
}
