package dev.sectools.bench;

import dev.sectools.cache.CacheConfig;
import dev.sectools.cache.Sha256;
import dev.sectools.cache.VerifiedCache;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verified cache writes of 1 MiB and 64 MiB entries, replacing the same key each time, against a
 * plain {@link Files#write} of the same bytes. The cache hashes while writing, writes a nameless
 * temporary file, links and renames it into place and writes an index record; by default it does
 * not fsync ({@code Durability.NONE}), and neither does the baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Xmx4g"})
@State(Scope.Benchmark)
public class CachePutBenchmark {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The entry's size in bytes: 1 MiB or 64 MiB. */
  @Param({"1048576", "67108864"})
  public int sizeBytes;

  private ScratchDir dir;
  private byte[] data;
  private Path plainFile;
  private VerifiedCache plain;
  private VerifiedCache encrypted;
  private VerifiedCache signed;

  /** Opens one cache per variant in a fresh directory. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-cache-put-");
    data = new byte[sizeBytes];
    RANDOM.nextBytes(data);
    plainFile = dir.path().resolve("plain.bin");
    long max = 4L * sizeBytes;
    plain = open(CacheConfig.builder().maxSizeBytes(max), "plain");
    encrypted = open(CacheConfig.builder().maxSizeBytes(max).encryption(CacheConfig.Encryption.AES256_GCM), "enc");
    signed = open(CacheConfig.builder().maxSizeBytes(max).signing(CacheConfig.Signing.HMAC_SHA256), "signed");
  }

  private VerifiedCache open(CacheConfig.Builder b, String name) throws IOException, GeneralSecurityException {
    return VerifiedCache.open(b.mode(CacheConfig.Mode.PERSISTENT).directory(dir.path().resolve(name)).build());
  }

  /** Closes the caches and removes the directory. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (ScratchDir d = dir; VerifiedCache a = plain; VerifiedCache b = encrypted; VerifiedCache c = signed) {
      // closed in reverse order
    }
  }

  Path plainFile() {
    return plainFile;
  }

  VerifiedCache plainCache() {
    return plain;
  }

  /** Baseline: write the bytes to a file, no hash, no rename. */
  @Benchmark
  public Path plainWrite() throws IOException {
    return Files.write(plainFile, data);
  }

  /** sectools: a plain file cache put. */
  @Benchmark
  public Sha256 put() throws IOException {
    return plain.put("bench", "ref", new ByteArrayInputStream(data));
  }

  /** sectools: an encrypted file cache put. */
  @Benchmark
  public Sha256 encryptedPut() throws IOException {
    return encrypted.put("bench", "ref", new ByteArrayInputStream(data));
  }

  /** sectools: a signed file cache put. */
  @Benchmark
  public Sha256 signedPut() throws IOException {
    return signed.put("bench", "ref", new ByteArrayInputStream(data));
  }
}
