package dev.sectools.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.Resolution;
import dev.sectools.fs.RootOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A heap dump of this very JVM holds no byte of a secret read into a {@link SecureBuffer}.
 *
 * <p>The secret is 32 random bytes written to a file by {@code head -c 32 /dev/urandom} in a
 * child process, so this JVM never holds it before the dump. It is read into a buffer, used,
 * and the buffer closed; then the whole heap, garbage included ({@code live = false}), is dumped
 * and searched. Only after the dump is the file read into the heap, to know what to search for.
 * A control case reads the file with {@link Files#readAllBytes} instead and finds the secret,
 * proving the search works.
 */
class SecureBufferHeapDumpTest {
  private static final int SECRET_BYTES = 32;

  @TempDir Path dir;

  enum Reader { SECURE_OPENAT2, SECURE_INSECURE_PATH_CHECKS, CONTROL_HEAP_ARRAY }

  @ParameterizedTest
  @EnumSource(Reader.class)
  void dumpHeap_afterReadingSecret_findsItOnlyWhenItWasReadToTheHeap(Reader reader) throws Exception {
    Path secret = dir.resolve("secret");
    Process p = new ProcessBuilder("head", "-c", Integer.toString(SECRET_BYTES), "/dev/urandom")
        .redirectOutput(secret.toFile()).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.size(secret)).isEqualTo(SECRET_BYTES);

    Object keep = null;
    if (reader == Reader.CONTROL_HEAP_ARRAY) {
      keep = Files.readAllBytes(secret);
    } else {
      Resolution resolution = reader == Reader.SECURE_OPENAT2 ? Resolution.OPENAT2 : Resolution.ALLOW_INSECURE_PATH_CHECKS;
      try (ConfinedRoot root = ConfinedRoot.open(dir, RootOptions.builder().resolution(resolution).build());
          SecureBuffer a = root.readToBuffer("secret");
          SecureBuffer b = root.readToBuffer("secret")) {
        assertThat(a.contentEquals(b)).isTrue();
        assertThat(a.length()).isEqualTo(SECRET_BYTES);
      }
    }
    Path dump = dir.resolve("heap.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(dump.toString(), false);
    Reference.reachabilityFence(keep);

    byte[] needle = Files.readAllBytes(secret);
    boolean found = contains(dump, needle);
    Files.delete(dump);
    assertThat(found).as("secret found in the heap dump").isEqualTo(reader == Reader.CONTROL_HEAP_ARRAY);
  }

  static boolean contains(Path file, byte[] needle) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      for (long base = 0; base < size; base += Integer.MAX_VALUE / 2) {
        long len = Math.min(size - base, Integer.MAX_VALUE / 2 + needle.length);
        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, base, len);
        if (indexOf(map, needle)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean indexOf(MappedByteBuffer map, byte[] needle) {
    int limit = map.limit() - needle.length;
    for (int i = 0; i <= limit; i++) {
      if (map.get(i) == needle[0]) {
        int j = 1;
        while (j < needle.length && map.get(i + j) == needle[j]) {
          j++;
        }
        if (j == needle.length) {
          return true;
        }
      }
    }
    return false;
  }
}
