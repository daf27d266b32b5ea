package dev.sectools.temp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.temp.InsecureDirectoryException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsurePrivateDirectoryTest {
  @TempDir Path tmp;

  private static void assertProblem(Path dir, ExistingDirectoryPolicy policy, Problem problem) {
    assertThatThrownBy(() -> SecureTemp.ensurePrivateDirectory(dir, policy))
        .isInstanceOfSatisfying(InsecureDirectoryException.class, e -> assertThat(e.problem()).isEqualTo(problem));
  }

  @Test
  void ensurePrivateDirectory_missingWithMissingParents_createsAll0700() throws IOException {
    Path dir = tmp.resolve("a/b/c");
    assertThat(SecureTemp.ensurePrivateDirectory(dir)).isEqualTo(dir);
    for (Path p : new Path[] {tmp.resolve("a"), tmp.resolve("a/b"), dir}) {
      assertThat(TempTesting.mode(p)).as(p.toString()).isEqualTo(0700);
    }
  }

  @Test
  void ensurePrivateDirectory_existingPrivate_acceptedUnchanged() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    TempTesting.run("chmod", "0500", dir.toString());
    SecureTemp.ensurePrivateDirectory(dir);
    assertThat(TempTesting.mode(dir)).isEqualTo(0500);
  }

  @Test
  void ensurePrivateDirectory_groupReadableUnderRefuse_refusedAndUnchanged() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    TempTesting.run("chmod", "0755", dir.toString());
    assertProblem(dir, ExistingDirectoryPolicy.REFUSE, Problem.GROUP_OR_OTHER_ACCESS);
    assertThatThrownBy(() -> SecureTemp.ensurePrivateDirectory(dir))
        .isInstanceOf(InsecureDirectoryException.class);
    assertThat(TempTesting.mode(dir)).isEqualTo(0755);
  }

  @Test
  void ensurePrivateDirectory_groupReadableUnderTighten_becomes0700() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("d"));
    TempTesting.run("chmod", "2777", dir.toString());
    SecureTemp.ensurePrivateDirectory(dir, ExistingDirectoryPolicy.TIGHTEN);
    assertThat(TempTesting.mode(dir)).isEqualTo(0700);
  }

  @Test
  void ensurePrivateDirectory_symlinkToDirectory_refusedUnderBothPoliciesTargetUntouched() throws Exception {
    Path target = Files.createDirectory(tmp.resolve("target"));
    TempTesting.run("chmod", "0755", target.toString());
    Path link = Files.createSymbolicLink(tmp.resolve("link"), target);
    assertProblem(link, ExistingDirectoryPolicy.REFUSE, Problem.SYMLINK);
    assertProblem(link, ExistingDirectoryPolicy.TIGHTEN, Problem.SYMLINK);
    assertThat(TempTesting.mode(target)).isEqualTo(0755);
  }

  @Test
  void ensurePrivateDirectory_danglingSymlink_refusedNothingCreatedAtTarget() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("would-be-created"));
    assertProblem(link, ExistingDirectoryPolicy.TIGHTEN, Problem.SYMLINK);
    assertThat(tmp.resolve("would-be-created")).doesNotExist();
  }

  @Test
  void ensurePrivateDirectory_regularFileOrFifo_refusedAsNotADirectory() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertProblem(file, ExistingDirectoryPolicy.TIGHTEN, Problem.NOT_A_DIRECTORY);
    Path fifo = tmp.resolve("fifo");
    TempTesting.run("mkfifo", fifo.toString());
    assertProblem(fifo, ExistingDirectoryPolicy.REFUSE, Problem.NOT_A_DIRECTORY);
  }

  @Test
  void ensurePrivateDirectory_ownedByAnotherUser_refusedUnderBothPolicies() throws Exception {
    assumeTrue(TempTesting.isRoot(), "chown to nobody needs root; skipped as a non-root user");
    Path dir = Files.createDirectory(tmp.resolve("d"));
    TempTesting.run("chmod", "0700", dir.toString());
    TempTesting.run("chown", "nobody", dir.toString());
    assertProblem(dir, ExistingDirectoryPolicy.REFUSE, Problem.FOREIGN_OWNER);
    assertProblem(dir, ExistingDirectoryPolicy.TIGHTEN, Problem.FOREIGN_OWNER);
  }

  @Test
  void ensurePrivateDirectory_fileSystemRoot_refusedAsCallerBug() {
    assertThatThrownBy(() -> SecureTemp.ensurePrivateDirectory(Path.of("/")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
