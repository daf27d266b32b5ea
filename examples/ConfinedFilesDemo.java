import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
import dev.sectools.fs.SymlinkPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A tour of confined file I/O: run with {@code ./run demo}. It builds a small directory tree with
 * a secret outside it, then shows what sectools writes, reads and refuses.
 */
public class ConfinedFilesDemo {
  public static void main(String[] args) throws Exception {
    Path base = Files.createTempDirectory("sectools-demo");
    try {
      Path rootDir = Files.createDirectory(base.resolve("app-data"));
      Path outside = Files.createDirectory(base.resolve("outside"));
      Files.writeString(outside.resolve("secret.txt"), "the attacker wants this");
      Files.createSymbolicLink(rootDir.resolve("innocent-looking"), outside.resolve("secret.txt"));
      Files.createSymbolicLink(rootDir.resolve("shortcut"), Path.of("../outside"));
      new ProcessBuilder("mkfifo", rootDir.resolve("pipe").toString()).start().waitFor();

      try (ConfinedRoot root = ConfinedRoot.open(rootDir)) {
        System.out.println("sectools confined file I/O demo");
        System.out.println("root opened with " + root.confinement());
        System.out.println();

        root.createDirectories("keys");
        root.write("keys/api.key", "k-0123456789".getBytes(StandardCharsets.UTF_8));
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(rootDir.resolve("keys/api.key")));
        System.out.println("ok       write keys/api.key        atomic + fsync, permissions " + perms);
        byte[] key = root.read("keys/api.key");
        System.out.println("ok       read  keys/api.key        " + key.length + " bytes");

        attempt("read  ../outside/secret.txt", () -> root.read("../outside/secret.txt"));
        attempt("read  innocent-looking        ", () -> root.read("innocent-looking"));
        attempt("read  shortcut/secret.txt     ", () -> root.read("shortcut/secret.txt",
            ReadOptions.builder().symlinkPolicy(SymlinkPolicy.FOLLOW_WITHIN_ROOT).build()));
        attempt("write innocent-looking        ", () -> {
          root.write("innocent-looking", "overwritten".getBytes(StandardCharsets.UTF_8));
          return null;
        });
        attempt("read  pipe (a FIFO)           ", () -> root.read("pipe"));
        attempt("read  keys/api.key, cap 4 B   ", () -> root.read("keys/api.key",
            ReadOptions.builder().maxSizeBytes(4).build()));
        attempt("read  " + outside.resolve("secret.txt").getFileName() + " by absolute path",
            () -> root.read(outside.resolve("secret.txt").toString()));
      }
      System.out.println();
      System.out.println("outside/secret.txt still reads: \"" + Files.readString(outside.resolve("secret.txt")) + "\"");
    } finally {
      try (Stream<Path> s = Files.walk(base)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void attempt(String what, Callable<?> op) {
    try {
      op.call();
      System.out.println("ALLOWED  " + what + "   <- this should never happen");
      System.exit(1);
    } catch (IOException e) {
      System.out.println("refused  " + what + "   " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
