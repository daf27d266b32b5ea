package dev.sectools.cache;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Helpers for the cache tests: real directories, real files, real child processes. */
final class TestCaches {
  static final String NS = "bucket";

  private TestCaches() {}

  /** A persistent file cache in {@code dir}, so tests can reach its files. */
  static CacheConfig.Builder persistent(Path dir) {
    return CacheConfig.builder().mode(CacheConfig.Mode.PERSISTENT).directory(dir);
  }

  static VerifiedCache open(CacheConfig.Builder b) throws IOException, GeneralSecurityException {
    return VerifiedCache.open(b.build());
  }

  /** Deterministic pseudo-random bytes. */
  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Sha256 put(VerifiedCache cache, String key, byte[] data) throws IOException {
    return cache.put(NS, key, new ByteArrayInputStream(data));
  }

  static byte[] get(VerifiedCache cache, String key, Sha256 sha) throws Exception {
    try (VerifiedEntry e = cache.get(NS, key, sha)) {
      return e.readAllBytes();
    }
  }

  /** The content file of {@code sha} in a persistent cache at {@code dir}. */
  static Path contentFile(Path dir, Sha256 sha) {
    String hex = sha.hex();
    return dir.resolve("content").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex);
  }

  /** Flips one bit of the byte at {@code at} in {@code file}, in place, as an attacker with write access would. */
  static void flipByte(Path file, long at) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x40));
      ch.write(b.rewind(), at);
    }
  }

  /** The only index record in a persistent cache at {@code dir}. */
  static Path onlyIndexFile(Path dir) throws IOException {
    try (var s = Files.list(dir.resolve("index"))) {
      return s.reduce((a, b) -> {
        throw new IllegalStateException("more than one index record");
      }).orElseThrow();
    }
  }

  static int mode(Path p) throws IOException {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a command and fails unless it exits 0. */
  static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
