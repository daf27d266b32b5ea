package dev.sectools.temp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attack docs/temp.md claims to stop, tried for real: an attacker's names, links and FIFOs
 * planted in the base directory, links planted inside a temp directory, foreign-owned and
 * world-writable base directories. {@code outside} holds what must never be read or changed.
 */
class SecureTempAttackTest {
  @TempDir Path tmp;
  Path base;
  Path outside;

  @BeforeEach
  void plant() throws IOException {
    base = Files.createDirectory(tmp.resolve("base"));
    outside = Files.createDirectory(tmp.resolve("outside"));
    Files.writeString(outside.resolve("precious"), "PRECIOUS");
    Files.createDirectory(outside.resolve("precious-dir"));
    Files.writeString(outside.resolve("precious-dir/keep"), "KEEP");
  }

  private void assertOutsideUntouched() throws IOException {
    assertThat(TempTesting.tree(outside)).containsExactly("precious", "precious-dir", "precious-dir/keep");
    assertThat(Files.readString(outside.resolve("precious"))).isEqualTo("PRECIOUS");
    assertThat(Files.readString(outside.resolve("precious-dir/keep"))).isEqualTo("KEEP");
    assertThat(TempTesting.mode(outside.resolve("precious"))).isEqualTo(0644);
  }

  /**
   * Statistical planting: the attacker fills the base with links, FIFOs and files under the
   * prefix in every shape a name can take, then we create many entries. None is ever opened.
   */
  @Test
  void create_baseFullOfPlantedLinksAndFifos_neverOpensOrFollowsThem() throws Exception {
    List<Path> planted = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Path link = base.resolve("app-" + "a".repeat(25) + (char) ('a' + i % 26) + i);
      Files.createSymbolicLink(link, i % 2 == 0 ? outside.resolve("precious") : outside.resolve("precious-dir"));
      planted.add(link);
    }
    Path fifo = base.resolve("app-fifo");
    TempTesting.run("mkfifo", fifo.toString());
    for (int i = 0; i < 200; i++) {
      try (TempFile f = SecureTemp.createFile("app-", "", TempTesting.in(base));
          TempDirectory d = SecureTemp.createDirectory("app-", TempTesting.in(base))) {
        f.channel().write(java.nio.ByteBuffer.wrap("mine".getBytes(UTF_8)));
        assertThat(Files.isSymbolicLink(f.path())).isFalse();
        assertThat(Files.isSymbolicLink(d.path())).isFalse();
      }
    }
    for (Path link : planted) {
      assertThat(Files.isSymbolicLink(link)).isTrue();
    }
    assertThat(TempTesting.tree(base)).hasSize(501);
    assertOutsideUntouched();
  }

  @Test
  void close_symlinksPlantedInsideTempDirectory_removesLinksNotTargets() throws IOException {
    TempDirectory dir = SecureTemp.createDirectory("d-", TempTesting.in(base));
    Files.createDirectories(dir.path().resolve("sub/deeper"));
    Files.createSymbolicLink(dir.path().resolve("to-file"), outside.resolve("precious"));
    Files.createSymbolicLink(dir.path().resolve("to-dir"), outside.resolve("precious-dir"));
    Files.createSymbolicLink(dir.path().resolve("sub/deeper/rel"), Path.of("../../../../outside/precious-dir"));
    Files.createSymbolicLink(dir.path().resolve("sub/to-outside-root"), outside);
    dir.close();
    assertThat(TempTesting.tree(base)).isEmpty();
    assertOutsideUntouched();
  }

  /**
   * A process that can write inside the temp directory (a tool we ran) keeps swapping a
   * subdirectory for a link to the outside while the directory is removed. Whatever the
   * interleaving, nothing outside is removed; the removal either finishes or reports what remains.
   */
  @Test
  void close_subdirectorySwappedForLinkDuringRemoval_neverRemovesOutside() throws Exception {
    Path decoy = Files.createDirectory(tmp.resolve("decoy"));
    for (int i = 0; i < 200; i++) {
      Files.writeString(decoy.resolve("f" + i), "DECOY");
    }
    java.util.concurrent.atomic.AtomicInteger plants = new java.util.concurrent.atomic.AtomicInteger();
    int reported = 0;
    for (int round = 0; round < 100; round++) {
      TempDirectory dir = SecureTemp.createDirectory("race-", TempTesting.in(base));
      Path sub = dir.path().resolve("sub");
      Files.createDirectory(sub);
      for (int i = 0; i < 20; i++) {
        Files.writeString(sub.resolve("f" + i), "x");
      }
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Path target = round % 2 == 0 ? decoy : outside;
      Thread attacker = Thread.ofPlatform().start(() -> {
        Path parked = dir.path().resolve("parked");
        while (!stop.get()) {
          try {
            Files.move(sub, parked);
            Files.createSymbolicLink(sub, target);
            plants.incrementAndGet();
            Files.delete(sub);
            Files.move(parked, sub);
          } catch (IOException | RuntimeException e) {
            // the removal got there first: keep trying until told to stop
          }
        }
      });
      try {
        dir.close();
      } catch (TempCleanupException e) {
        assertThat(e.remaining()).isNotEmpty();
        reported++;
      } finally {
        stop.set(true);
        attacker.join();
      }
      if (Files.exists(dir.path(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (dev.sectools.fs.ConfinedRoot cleanup = dev.sectools.fs.ConfinedRoot.open(base)) {
          cleanup.deleteRecursively(dir.path().getFileName().toString());
        }
      }
    }
    System.out.printf("100 removals raced by %d planted links; %d reported leftovers%n", plants.get(), reported);
    try (var s = Files.list(decoy)) {
      assertThat(s).hasSize(200);
    }
    assertOutsideUntouched();
  }

  @Test
  void close_overwriteZerosWithLinksAndHardLinkInside_neverZeroesOutside() throws IOException {
    TempOptions zeros = TempOptions.builder().baseDirectory(base).overwrite(Overwrite.ZEROS).build();
    TempDirectory dir = SecureTemp.createDirectory("z-", zeros);
    Files.createSymbolicLink(dir.path().resolve("to-file"), outside.resolve("precious"));
    Files.createSymbolicLink(dir.path().resolve("to-dir"), outside.resolve("precious-dir"));
    Files.createLink(dir.path().resolve("hard"), outside.resolve("precious"));
    dir.close();
    assertThat(TempTesting.tree(base)).isEmpty();
    assertOutsideUntouched();
  }

  @Test
  void create_baseOwnedByAnotherUser_refused() throws Exception {
    assumeTrue(TempTesting.isRoot(), "chown to nobody needs root; skipped as a non-root user");
    TempTesting.run("chown", "nobody", base.toString());
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
    assertThatThrownBy(() -> SecureTemp.createFile("f-", "", TempTesting.in(base)))
        .isInstanceOfSatisfying(InsecureDirectoryException.class,
            e -> assertThat(e.problem()).isEqualTo(InsecureDirectoryException.Problem.FOREIGN_OWNER));
    assertThatThrownBy(() -> SecureTemp.createDirectory("d-", TempTesting.in(base)))
        .isInstanceOf(InsecureDirectoryException.class);
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void create_worldWritableBaseWithoutStickyBit_refused() throws Exception {
    TempTesting.run("chmod", "0777", base.toString());
    assertThatThrownBy(() -> SecureTemp.createDirectory("d-", TempTesting.in(base)))
        .isInstanceOfSatisfying(InsecureDirectoryException.class, e -> assertThat(e.problem())
            .isEqualTo(InsecureDirectoryException.Problem.WRITABLE_WITHOUT_STICKY_BIT));
    TempTesting.run("chmod", "0770", base.toString());
    assertThatThrownBy(() -> SecureTemp.createFile("f-", "", TempTesting.in(base)))
        .isInstanceOf(InsecureDirectoryException.class);
    assertThat(TempTesting.tree(base)).isEmpty();
  }

  @Test
  void create_worldWritableBaseWithStickyBit_accepted() throws Exception {
    TempTesting.run("chmod", "1777", base.toString());
    try (TempFile f = SecureTemp.createFile("f-", "", TempTesting.in(base))) {
      assertThat(TempTesting.mode(f.path())).isEqualTo(0600);
    }
  }

  @Test
  void create_rootOwnedStickyBaseAsAnotherUser_acceptedAsTmpIs() throws IOException {
    // /tmp itself: root-owned, 1777. The common case must keep working.
    Path sysTmp = Path.of("/tmp");
    assumeTrue(Files.isDirectory(sysTmp) && TempTesting.uid(sysTmp) == 0, "no root-owned /tmp here");
    try (TempDirectory d = SecureTemp.createDirectory("sectools-test-",
        TempOptions.builder().baseDirectory(sysTmp).build())) {
      assertThat(TempTesting.mode(d.path())).isEqualTo(0700);
    }
  }

  @Test
  void close_entryCannotBeRemoved_reportsWhatRemains() throws Exception {
    assumeTrue(TempTesting.succeeds("chattr", "-h") || TempTesting.succeeds("which", "chattr"),
        "chattr is not installed");
    TempDirectory dir = SecureTemp.createDirectory("stuck-", TempTesting.in(base));
    Path stuck = dir.path().resolve("sub/immutable");
    Files.createDirectories(stuck.getParent());
    Files.writeString(stuck, "x");
    Files.writeString(dir.path().resolve("sub/removable"), "y");
    assumeTrue(TempTesting.succeeds("chattr", "+i", stuck.toString()),
        "this file system does not support the immutable attribute");
    try {
      String name = dir.path().getFileName().toString();
      assertThatThrownBy(dir::close)
          .isInstanceOfSatisfying(TempCleanupException.class, e -> {
            assertThat(e.remaining()).contains(name, name + "/sub", name + "/sub/immutable");
            assertThat(e.getCause()).isNotNull();
          });
      dir.close(); // idempotent: descriptors were released, nothing is retried
    } finally {
      TempTesting.run("chattr", "-i", stuck.toString());
    }
  }
}
