package dev.sectools.bench;

import dev.sectools.cache.CacheConfig;
import dev.sectools.cache.Sha256;
import dev.sectools.cache.VerifiedCache;
import dev.sectools.cache.VerifiedEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * Verified cache reads, 1 MiB and 64 MiB entries in the page cache, each drained into
 * {@link OutputStream#nullOutputStream()}:
 *
 * <ul>
 *   <li>{@code verifiedGet}: a plain file cache's {@code get} (read ahead on one thread, SHA-256 on
 *       the caller's, into a private copy) against {@code sha256InMemory}, the SHA-256 of the same
 *       bytes already in memory: the floor of this check. Target: at most 1.10.
 *   <li>{@code encryptedGet} (AES-256-GCM authentication instead of SHA-256) and {@code verifiedGet}
 *       against {@code unverifiedRead}, {@code Files.newInputStream} of the very same content file
 *       drained: the DeltaGlider metric. Target: at most 1.10.
 *   <li>{@code verifiedGetToChannel}: {@code verifiedGet} handing the verified copy to a channel
 *       that takes the buffers it is given without copying them (where a file or socket channel
 *       would pass them to the kernel): the cost of verifying alone, without the copy into heap
 *       arrays that every {@code OutputStream} needs.
 *   <li>{@code signedStream}: a signed file cache's {@code openStream}, each 256 KiB chunk checked by
 *       its Poly1305 tag before it is released, against {@code unverifiedRead}. Target: at most
 *       1.10.
 *   <li>{@code encryptedStream}: an encrypted file cache's {@code openStream}, each AES-GCM segment
 *       released once it authenticates.
 *   <li>{@code signedGet} (HMAC over the metadata, then the chunk tags into a private copy) and
 *       {@code memoryGet} (a memory
 *       cache: digest comparison, no hashing) for their overheads.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
    "-Xmx4g"})
@State(Scope.Benchmark)
public class CacheGetBenchmark {
  private static final SecureRandom RANDOM = new SecureRandom();

  static final String NS = "bench";
  static final String KEY = "ref";

  /** A channel that takes every buffer whole without reading it: the cheapest possible consumer. */
  private static final WritableByteChannel NULL_CHANNEL = new WritableByteChannel() {
    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      src.position(src.limit());
      return n;
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  };

  /** The entry's size in bytes: 1 MiB or 64 MiB. */
  @Param({"1048576", "67108864"})
  public int sizeBytes;

  private ScratchDir dir;
  private byte[] data;
  private Sha256 sha;
  private MessageDigest md;
  private VerifiedCache plain;
  private VerifiedCache encrypted;
  private VerifiedCache signed;
  private VerifiedCache memory;
  private Path contentFile;

  /** Stores one entry of random bytes in each variant. */
  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    dir = ScratchDir.create("sectools-bench-cache-");
    data = new byte[sizeBytes];
    RANDOM.nextBytes(data);
    md = sha256();
    long max = 4L * sizeBytes;
    plain = open(CacheConfig.builder().maxSizeBytes(max), "plain");
    encrypted = open(CacheConfig.builder().maxSizeBytes(max).encryption(CacheConfig.Encryption.AES256_GCM), "enc");
    signed = open(CacheConfig.builder().maxSizeBytes(max).signing(CacheConfig.Signing.HMAC_SHA256), "signed");
    memory = VerifiedCache.open(CacheConfig.builder().backend(CacheConfig.Backend.MEMORY).maxSizeBytes(max).build());
    for (VerifiedCache c : new VerifiedCache[] {plain, encrypted, signed, memory}) {
      sha = c.put(NS, KEY, new java.io.ByteArrayInputStream(data));
    }
    String hex = sha.hex();
    contentFile = dir.path().resolve("plain/content").resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4))
        .resolve(hex);
  }

  private VerifiedCache open(CacheConfig.Builder b, String name) throws IOException, GeneralSecurityException {
    return VerifiedCache.open(b.mode(CacheConfig.Mode.PERSISTENT).directory(dir.path().resolve(name)).build());
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes the caches and removes the directory. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (ScratchDir d = dir; VerifiedCache a = plain; VerifiedCache b = encrypted; VerifiedCache c = signed;
        VerifiedCache m = memory) {
      // closed in reverse order
    }
  }

  Path contentFile() {
    return contentFile;
  }

  byte[] data() {
    return data;
  }

  private long drain(VerifiedCache cache) throws Exception {
    try (VerifiedEntry e = cache.get(NS, KEY, sha)) {
      return e.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** Floor: SHA-256 of the bytes already in memory. */
  @Benchmark
  public byte[] sha256InMemory() {
    return md.digest(data);
  }

  /** Baseline: the same content file read with no verification at all. */
  @Benchmark
  public long unverifiedRead() throws IOException {
    try (InputStream in = Files.newInputStream(contentFile)) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** sectools: a plain file cache get, SHA-256 verified. */
  @Benchmark
  public long verifiedGet() throws Exception {
    return drain(plain);
  }

  /** sectools: a plain file cache get, handed to a channel that consumes the views it gets. */
  @Benchmark
  public long verifiedGetToChannel() throws Exception {
    try (VerifiedEntry e = plain.get(NS, KEY, sha)) {
      return e.transferTo(NULL_CHANNEL);
    }
  }

  /** sectools: an encrypted file cache get, AES-256-GCM authenticated. */
  @Benchmark
  public long encryptedGet() throws Exception {
    return drain(encrypted);
  }

  /** sectools: a signed file cache get: HMAC of the metadata, then SHA-256. */
  @Benchmark
  public long signedGet() throws Exception {
    return drain(signed);
  }

  /**
   * sectools: a signed file cache's stream: each 256 KiB chunk released once its Poly1305 tag
   * checks, while the next is read. The DeltaGlider metric's mode: target at most 1.10 ×
   * {@code unverifiedRead}.
   */
  @Benchmark
  public long signedStream() throws Exception {
    try (InputStream in = signed.openStream(NS, KEY, sha)) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** sectools: an encrypted file cache's stream: each AES-GCM segment released once it authenticates. */
  @Benchmark
  public long encryptedStream() throws Exception {
    try (InputStream in = encrypted.openStream(NS, KEY, sha)) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** sectools: a memory cache get. */
  @Benchmark
  public long memoryGet() throws Exception {
    return drain(memory);
  }
}
