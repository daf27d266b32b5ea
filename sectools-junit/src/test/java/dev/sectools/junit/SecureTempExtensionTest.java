package dev.sectools.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.sectools.temp.TempCleanupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs sample test classes through a real JUnit launcher and checks what happened to their
 * directories afterwards: removed after each test (links inside removed, targets intact), one
 * per class for static fields, and clear failures for misuse.
 */
class SecureTempExtensionTest {
  static final List<Path> SEEN = new CopyOnWriteArrayList<>();
  static Path precious;
  private static volatile boolean launching;

  /** The samples run only when this test launches them, not when a build tool finds them. */
  static boolean launching() {
    return launching;
  }

  @BeforeEach
  void reset(@SecureTempDir Path outside) throws IOException {
    SEEN.clear();
    precious = Files.writeString(outside.resolve("precious"), "PRECIOUS");
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(testClass)).build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launching = true;
    try {
      launcher.execute(request, listener);
    } finally {
      launching = false;
    }
    return listener.getSummary();
  }

  @Test
  void extension_afterEachTest_removesDirectoriesWithoutFollowingLinks() {
    TestExecutionSummary summary = run(PlantsLinks.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(summary.getTotalFailureCount()).isZero();
    assertThat(SEEN).hasSize(4).doesNotHaveDuplicates();
    assertThat(SEEN).allSatisfy(p -> assertThat(p).doesNotExist());
    assertThat(precious).hasContent("PRECIOUS");
  }

  @Test
  void extension_staticField_oneDirectoryForTheClassRemovedAfterAll() {
    TestExecutionSummary summary = run(StaticField.class);
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(SEEN).hasSize(3).containsOnly(SEEN.get(0));
    assertThat(SEEN.get(0)).doesNotExist();
  }

  @Test
  void extension_wrongType_failsTheTestWithAClearMessage() {
    TestExecutionSummary summary = run(WrongType.class);
    assertThat(summary.getTotalFailureCount()).isEqualTo(2);
    assertThat(summary.getFailures()).allSatisfy(f ->
        assertThat(f.getException()).hasMessageContaining("must be of type Path or TempDirectory"));
  }

  @Test
  void extension_directoryCannotBeRemoved_failsTheTestListingWhatRemains() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chattr")) || Files.isExecutable(Path.of("/bin/chattr")),
        "chattr is not installed");
    TestExecutionSummary summary = run(LeavesImmutableFile.class);
    Path stuck = SEEN.isEmpty() ? null : SEEN.get(0);
    try {
      assumeTrue(stuck != null, "this file system does not support the immutable attribute");
      assertThat(summary.getTotalFailureCount()).isEqualTo(1);
      Throwable t = summary.getFailures().get(0).getException();
      while (t != null && !(t instanceof TempCleanupException)) {
        t = t.getCause(); // JUnit wraps what closing the store threw
      }
      assertThat(t).isInstanceOfSatisfying(TempCleanupException.class,
          e -> assertThat(e.remaining()).hasSize(2).anySatisfy(n -> assertThat(n).endsWith("/stuck")));
    } finally {
      if (stuck != null) {
        chattr("-i", stuck.toString());
        Files.delete(stuck);
        Files.delete(stuck.getParent());
      }
    }
  }

  static boolean chattr(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("chattr"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sample: leaves a file the removal cannot delete (immutable, even for root). */
  @EnabledIf("dev.sectools.junit.SecureTempExtensionTest#launching")
  static class LeavesImmutableFile {
    @Test
    void test(@SecureTempDir Path dir) throws IOException {
      Path stuck = Files.writeString(dir.resolve("stuck"), "x");
      if (chattr("+i", stuck.toString())) {
        SEEN.add(stuck);
      }
    }
  }

  /** Sample: plants links to a precious file inside its directories. */
  @EnabledIf("dev.sectools.junit.SecureTempExtensionTest#launching")
  static class PlantsLinks {
    @SecureTempDir Path dir;

    @Test
    void one(@SecureTempDir Path other) throws IOException {
      SEEN.add(dir);
      SEEN.add(other);
      Files.createSymbolicLink(dir.resolve("link"), precious);
      Files.createSymbolicLink(other.resolve("dirlink"), precious.getParent());
    }

    @Test
    void two() throws IOException {
      SEEN.add(dir);
      Files.createDirectories(dir.resolve("a/b"));
      Files.createSymbolicLink(dir.resolve("a/b/link"), precious);
      SEEN.add(dir.resolve("a"));
    }
  }

  /** Sample: a static field lives for the whole class. */
  @EnabledIf("dev.sectools.junit.SecureTempExtensionTest#launching")
  static class StaticField {
    @SecureTempDir static Path shared;

    @BeforeAll
    static void first() {
      SEEN.add(shared);
    }

    @Test
    void one() {
      SEEN.add(shared);
    }

    @Test
    void two() {
      SEEN.add(shared);
    }

    @AfterAll
    static void last() {
      assertThat(shared).isDirectory();
    }
  }

  /** Sample: misuse. */
  @EnabledIf("dev.sectools.junit.SecureTempExtensionTest#launching")
  static class WrongType {
    @Test
    void parameter(@SecureTempDir String notAPath) {
      // never reached
    }

    @Test
    void field() {
      // never reached: the field below fails the set-up
    }

    @SecureTempDir java.io.File file;
  }
}
