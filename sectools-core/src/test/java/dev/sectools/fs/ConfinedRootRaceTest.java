package dev.sectools.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An attacker thread swaps directories and links inside the root as fast as it can while the
 * victim reads and writes through the root. Zero escapes: nothing outside is ever read, created
 * or changed.
 */
class ConfinedRootRaceTest {
  private static final int ATTEMPTS = 20_000;
  private static final String OUTSIDE_MARKER = "OUTSIDE-SECRET";

  @TempDir Path tmp;

  static Resolution[] modes() {
    return TestRoots.confining();
  }

  /** Swaps root/dir between a real directory and a link to ../outside, until told to stop. */
  private static Thread attacker(Path root, AtomicBoolean stop, AtomicInteger swaps) {
    return Thread.ofPlatform().daemon().start(() -> {
      Path dir = root.resolve("dir");
      Path real = root.resolve("real");
      Path link = root.resolve("link");
      while (!stop.get()) {
        try {
          Files.move(dir, real, StandardCopyOption.ATOMIC_MOVE);
          Files.move(link, dir, StandardCopyOption.ATOMIC_MOVE);
          Files.move(dir, link, StandardCopyOption.ATOMIC_MOVE);
          Files.move(real, dir, StandardCopyOption.ATOMIC_MOVE);
          swaps.incrementAndGet();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
  }

  @ParameterizedTest
  @MethodSource("modes")
  void readAndWrite_directorySwappedWithLinkToOutside_neverEscapes(Resolution mode) throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("f"), OUTSIDE_MARKER);
    Files.createDirectory(root.resolve("dir"));
    Files.writeString(root.resolve("dir/f"), "inside");
    Files.createSymbolicLink(root.resolve("link"), Path.of("../outside"));

    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger swaps = new AtomicInteger();
    int reads = 0;
    int writes = 0;
    Thread attacker = attacker(root, stop, swaps);
    ReadOptions follow = ReadOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build();
    WriteOptions followWrite = WriteOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT)
        .durability(Durability.NONE).build();
    try (ConfinedRoot confined = TestRoots.open(root, mode)) {
      for (int i = 0; i < ATTEMPTS; i++) {
        ReadOptions options = (i & 1) == 0 ? follow : ReadOptions.defaults();
        try {
          byte[] got = confined.read("dir/f", options);
          assertThat(new String(got, UTF_8)).isEqualTo("inside");
          reads++;
        } catch (IOException expected) {
          // refused or missing mid-swap: fine, as long as nothing escaped
        }
        try {
          confined.write("dir/w" + (i % 8), new byte[] {1}, followWrite);
          writes++;
        } catch (IOException expected) {
          // refused mid-swap
        }
      }
    } finally {
      stop.set(true);
      attacker.join();
    }
    assertThat(TestRoots.tree(outside)).containsExactly("f");
    assertThat(Files.readString(outside.resolve("f"))).isEqualTo(OUTSIDE_MARKER);
    assertThat(swaps.get()).as("the attacker actually raced").isGreaterThan(100);
    assertThat(reads).as("some reads got through between swaps").isPositive();
    assertThat(writes).as("some writes got through between swaps").isPositive();
  }

  @ParameterizedTest
  @MethodSource("modes")
  void read_dotDotWhileDirectoryMovedOut_neverEscapes(Resolution mode) throws Exception {
    // Victim reads a/b/../../x (== root/x). The attacker moves b out of the root and back: a
    // lexical or racy resolution of '..' would then land on tmp/x.
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("x"), "inside");
    Files.writeString(tmp.resolve("x"), OUTSIDE_MARKER);
    AtomicBoolean stop = new AtomicBoolean();
    Thread attacker = Thread.ofPlatform().daemon().start(() -> {
      while (!stop.get()) {
        try {
          Files.move(root.resolve("a/b"), outside.resolve("b"), StandardCopyOption.ATOMIC_MOVE);
          Files.move(outside.resolve("b"), root.resolve("a/b"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    ReadOptions beneath = ReadOptions.builder().dotDotPolicy(DotDotPolicy.RESOLVE_BENEATH).build();
    int ok = 0;
    try (ConfinedRoot confined = TestRoots.open(root, mode)) {
      for (int i = 0; i < ATTEMPTS; i++) {
        try {
          assertThat(new String(confined.read("a/b/../../x", beneath), UTF_8)).isEqualTo("inside");
          ok++;
        } catch (IOException | InvalidPathException expected) {
          // refused mid-move
        }
      }
    } finally {
      stop.set(true);
      attacker.join();
    }
    assertThat(ok).isPositive();
    assertThat(Files.readString(tmp.resolve("x"))).isEqualTo(OUTSIDE_MARKER);
  }
}
