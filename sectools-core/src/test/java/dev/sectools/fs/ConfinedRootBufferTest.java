package dev.sectools.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.memory.MemoryPolicy;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading files into, and writing files from, secure buffers: every read and write policy holds. */
class ConfinedRootBufferTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  static Resolution[] modes() {
    return new Resolution[] {Resolution.OPENAT2, Resolution.DESCRIPTOR_WALK, Resolution.ALLOW_INSECURE_PATH_CHECKS};
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] contents(SecureBuffer b) {
    byte[] out = new byte[b.length()];
    b.copyTo(out);
    return out;
  }

  @ParameterizedTest
  @MethodSource("modes")
  void readToBuffer_filesOfEverySize_readExactly(Resolution mode) throws IOException {
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      for (int size : new int[] {0, 1, 32, 1015, 1016, 4096, 70_000}) {
        byte[] data = random(size);
        Files.write(dir.resolve("s" + size), data);
        try (SecureBuffer b = root.readToBuffer("s" + size)) {
          assertThat(contents(b)).as("size %d", size).isEqualTo(data);
          assertThat(b.isLocked()).isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void readToBuffer_overCap_throwsSizeLimitExceeded(Resolution mode) throws IOException {
    Files.write(dir.resolve("big"), random(101));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      ReadOptions cap100 = ReadOptions.builder().maxSizeBytes(100).build();
      assertThatThrownBy(() -> root.readToBuffer("big", cap100)).isInstanceOf(SizeLimitExceededException.class);
      Files.write(dir.resolve("exact"), random(100));
      try (SecureBuffer b = root.readToBuffer("exact", cap100)) {
        assertThat(b.length()).isEqualTo(100);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void readToBuffer_symlink_refusedUnderDenyAndFollowedInside(Resolution mode) throws IOException {
    Files.write(dir.resolve("target"), random(8));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
    Files.createSymbolicLink(dir.resolve("out"), Path.of("/etc/hostname"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      assertThatThrownBy(() -> root.readToBuffer("link")).isInstanceOf(SymlinkRefusedException.class);
      ReadOptions follow = ReadOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
      try (SecureBuffer b = root.readToBuffer("link", follow)) {
        assertThat(b.length()).isEqualTo(8);
      }
      assertThatThrownBy(() -> root.readToBuffer("out", follow)).isInstanceOf(PathEscapeException.class);
      assertThatThrownBy(() -> root.readToBuffer("../x")).isInstanceOf(PathEscapeException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void readToBuffer_hardLinkAndFifo_refusedAsConfigured(Resolution mode) throws Exception {
    Files.write(dir.resolve("a"), random(8));
    Files.createLink(dir.resolve("b"), dir.resolve("a"));
    TestRoots.mkfifo(dir.resolve("fifo"));
    try (ConfinedRoot root = TestRoots.open(dir, mode)) {
      ReadOptions refuse = ReadOptions.builder().hardLinkPolicy(HardLinkPolicy.REFUSE_MULTIPLE).build();
      assertThatThrownBy(() -> root.readToBuffer("b", refuse)).isInstanceOf(HardLinkRefusedException.class);
      assertThatThrownBy(() -> root.readToBuffer("fifo")).isInstanceOf(NotRegularFileException.class);
      assertThatThrownBy(() -> root.readToBuffer("missing")).isInstanceOf(NoSuchFileException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void writeSecureBuffer_thenRead_roundTripsWithOwnerOnlyPermissions(Resolution mode) throws IOException {
    byte[] data = random(5000);
    try (ConfinedRoot root = TestRoots.open(dir, mode); SecureBuffer b = SecureBuffer.copyOf(data)) {
      root.write("key", b, WriteOptions.defaults());
      assertThat(Files.readAllBytes(dir.resolve("key"))).isEqualTo(data);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key"))))
          .isEqualTo("rw-------");
      assertThat(b.isClosed()).isFalse();
      assertThat(TestRoots.tree(dir)).containsExactly("key");
    }
  }

  @ParameterizedTest
  @MethodSource("modes")
  void writeSecureBuffer_overCapOrExisting_leavesOldFileIntact(Resolution mode) throws IOException {
    Files.write(dir.resolve("key"), new byte[] {1, 2, 3});
    try (ConfinedRoot root = TestRoots.open(dir, mode); SecureBuffer b = SecureBuffer.copyOf(random(11))) {
      assertThatThrownBy(() -> root.write("key", b, WriteOptions.builder().maxSizeBytes(10).build()))
          .isInstanceOf(SizeLimitExceededException.class);
      assertThatThrownBy(() -> root.write("key", b, WriteOptions.builder().mode(WriteMode.CREATE_NEW).build()))
          .isInstanceOf(FileAlreadyExistsException.class);
      assertThat(Files.readAllBytes(dir.resolve("key"))).containsExactly(1, 2, 3);
      assertThat(TestRoots.tree(dir)).containsExactly("key");
    }
  }

  @Test
  void secureFiles_readToBufferAndWrite_honourBaseDirAndAllowedRoots() throws IOException {
    byte[] data = random(64);
    try (SecureBuffer b = SecureBuffer.copyOf(data)) {
      SecureFiles.write("rel", b, WriteOptions.builder().baseDir(dir).build());
      SecureFiles.write(dir + "/abs", b, WriteOptions.builder().allowedRoots(List.of(dir)).build());
    }
    try (SecureBuffer rel = SecureFiles.readToBuffer("rel", ReadOptions.builder().baseDir(dir).build());
        SecureBuffer abs = SecureFiles.readToBuffer(dir + "/abs",
            ReadOptions.builder().allowedRoots(List.of(dir)).build(), MemoryPolicy.REQUIRE_LOCKED)) {
      assertThat(contents(rel)).isEqualTo(data);
      assertThat(contents(abs)).isEqualTo(data);
    }
    assertThatThrownBy(() -> SecureFiles.readToBuffer(dir + "/abs", ReadOptions.defaults()))
        .isInstanceOf(PathEscapeException.class);
    assertThatThrownBy(() -> SecureFiles.readToBuffer("rel",
        ReadOptions.builder().baseDir(dir).maxSizeBytes(63).build())).isInstanceOf(SizeLimitExceededException.class);
  }

  @Test
  void writeSecureBuffer_closedBuffer_throwsAndWritesNothing() throws IOException {
    SecureBuffer b = SecureBuffer.copyOf(random(4));
    b.close();
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      assertThatThrownBy(() -> root.write("k", b, WriteOptions.defaults())).isInstanceOf(IllegalStateException.class);
    }
    assertThat(TestRoots.tree(dir)).isEmpty();
  }
}
