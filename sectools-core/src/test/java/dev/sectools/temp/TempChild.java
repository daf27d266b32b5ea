package dev.sectools.temp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Child process for {@link ProcessDirectoryTest}: uses secure temp in a fresh JVM (whose
 * {@code java.io.tmpdir} and umask the test chooses), prints what it made, then ends as told.
 */
public final class TempChild {
  private TempChild() {}

  /** Argument: {@code exit}, {@code throw}, {@code system-exit}, {@code modes} or {@code wait}. */
  public static void main(String[] args) throws Exception {
    // First use from many threads at once: exactly one directory must come of it.
    List<Path> seen = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
          seen.add(SecureTemp.processDirectory());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    Path dir = SecureTemp.processDirectory();
    if (seen.size() != 8 || seen.stream().anyMatch(p -> !p.equals(dir))) {
      throw new AssertionError("processDirectory() must return one directory per process: " + seen);
    }
    Files.createDirectories(dir.resolve("cache/ab"));
    Files.writeString(dir.resolve("cache/ab/entry"), "cached");
    System.out.println("dir=" + dir);
    switch (args[0]) {
      case "exit" -> { }
      case "throw" -> throw new IllegalStateException("uncaught on purpose");
      case "system-exit" -> System.exit(3);
      case "modes" -> printModes(dir);
      case "wait" -> {
        System.out.flush();
        // Until the parent signals us. Not a read of stdin: Process.destroy() closes the pipe
        // right after the signal, and main returning on that EOF would race the signal's exit.
        Thread.currentThread().join();
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void printModes(Path processDir) throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (TempFile f = SecureTemp.createFile("m-", "");
        TempDirectory d = SecureTemp.createDirectory("m-")) {
      d.root().write("inner", new byte[] {1});
      Path ensured = SecureTemp.ensurePrivateDirectory(tmp.resolve("ensured/leaf"));
      System.out.printf("file=%04o dir=%04o inner=%04o process=%04o ensured=%04o ensuredParent=%04o%n",
          TempTesting.mode(f.path()), TempTesting.mode(d.path()), TempTesting.mode(d.path().resolve("inner")),
          TempTesting.mode(processDir), TempTesting.mode(ensured), TempTesting.mode(ensured.getParent()));
    }
  }
}
