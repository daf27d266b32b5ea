package dev.sectools.internal.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sectools.fs.ConfinedRoot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporary names of atomic writes. The reserved name {@code .<name>.sectools-tmp} is reclaimed
 * from a dead writer; a live writer's file, a directory or a link under it is never touched or
 * waited for, and the write goes through a random name instead.
 */
class LinuxAtomicSinkTest {
  @TempDir Path dir;

  @Test
  void write_abandonedReservedName_isRemovedByNextWriter() throws IOException {
    Files.writeString(dir.resolve("f"), "old");
    Files.writeString(dir.resolve(".f.sectools-tmp"), "left by a killed writer");
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      root.write("f", "new".getBytes(UTF_8));
    }
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("new");
    assertThat(names(dir)).containsExactly("f");
  }

  @Test
  void write_reservedNameLockedByLiveWriter_usesRandomNameWithoutWaiting() throws Exception {
    Files.writeString(dir.resolve("f"), "old");
    Path temp = Files.writeString(dir.resolve(".f.sectools-tmp"), "a live writer's inode");
    // flock(1) holds the same kind of lock a live sectools writer holds on its inode.
    Process holder = new ProcessBuilder("flock", "-x", temp.toString(), "sh", "-c", "echo held; exec sleep 60")
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertThat(out.readLine()).isEqualTo("held");
      try (ConfinedRoot root = ConfinedRoot.open(dir)) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> root.write("f", "new".getBytes(UTF_8)));
      }
      assertThat(Files.readString(dir.resolve("f"))).isEqualTo("new");
      assertThat(Files.readString(temp)).isEqualTo("a live writer's inode");
      assertThat(names(dir)).containsExactly(".f.sectools-tmp", "f");
    } finally {
      holder.destroyForcibly();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void write_directoryAndLinkUnderReservedNames_neitherBlockNorChange() throws IOException {
    Files.createDirectory(dir.resolve(".f.sectools-tmp"));
    Files.createSymbolicLink(dir.resolve(".g.sectools-tmp"), Path.of("/etc/passwd"));
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      for (int i = 0; i < 20; i++) {
        root.write("f", ("v" + i).getBytes(UTF_8));
        root.write("g", ("v" + i).getBytes(UTF_8));
      }
    }
    assertThat(Files.readString(dir.resolve("f"))).isEqualTo("v19");
    assertThat(Files.isDirectory(dir.resolve(".f.sectools-tmp"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(Files.readSymbolicLink(dir.resolve(".g.sectools-tmp"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(names(dir)).containsExactly(".f.sectools-tmp", ".g.sectools-tmp", "f", "g");
  }

  @Test
  void write_nameAtNameMax_usesShortenedTemporaryName() throws IOException {
    String longName = "n".repeat(255);
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      root.write(longName, new byte[] {1});
      root.write(longName, new byte[] {2});
      assertThat(root.read(longName)).containsExactly(2);
    }
  }

  @Test
  void temporaryNames_followThePatternAndStayWithinNameMax() {
    String longName = "n".repeat(250);
    assertThat(LinuxAtomicSink.fixedTempName(longName).getBytes(UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(LinuxAtomicSink.randomTempName(longName).getBytes(UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(LinuxAtomicSink.fixedTempName("f")).isEqualTo(".f.sectools-tmp");
    assertThat(LinuxAtomicSink.randomTempName("f")).matches("\\.f\\.[0-9a-f]{16}\\.sectools-tmp");
    assertThat(LinuxAtomicSink.randomTempName("f")).isNotEqualTo(LinuxAtomicSink.randomTempName("f"));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
