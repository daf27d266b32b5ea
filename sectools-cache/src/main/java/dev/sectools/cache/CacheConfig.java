package dev.sectools.cache;

import com.google.crypto.tink.KeysetHandle;
import dev.sectools.fs.Durability;
import dev.sectools.temp.ExistingDirectoryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link VerifiedCache#open(CacheConfig)} builds a cache. Immutable; build with
 * {@link #builder()} or start from the environment with {@link #fromEnvironment(Map)}. Every
 * default is the secure choice: a file cache private to this process, removed at exit.
 *
 * <pre>{@code
 * CacheConfig config = CacheConfig.builder()
 *     .mode(CacheConfig.Mode.PERSISTENT)                   // $XDG_CACHE_HOME/sectools, checked
 *     .encryption(CacheConfig.Encryption.AES256_GCM, keyset)
 *     .maxSizeBytes(10L << 30)
 *     .meterRegistry(registry)
 *     .build();
 * }</pre>
 *
 * <p>{@code toString()} names the choices, never a key.
 */
public final class CacheConfig {
  /** Where entries live. */
  public enum Backend {
    /** Files under a private directory; the default. */
    FILESYSTEM,
    /** The JVM's memory (Caffeine); no file system at all. */
    MEMORY
  }

  /** Whose cache a file cache is; a memory cache is always {@link #EPHEMERAL}. */
  public enum Mode {
    /** A fresh directory inside this process's private temp directory, removed at close and exit; the default. */
    EPHEMERAL,
    /** A directory kept across runs and shared by this user's processes; checked before use. */
    PERSISTENT
  }

  /** Whether entries are encrypted. */
  public enum Encryption {
    /** Plain content, verified by SHA-256 at every get; the default. */
    NONE,
    /** Tink StreamingAead AES-256-GCM-HKDF (256 KiB segments); authenticated at every get. */
    AES256_GCM
  }

  /** Whether entry metadata is signed. */
  public enum Signing {
    /** No signature; the default. */
    NONE,
    /** Tink Mac HMAC-SHA256 over SHA-256, key, times and owner. */
    HMAC_SHA256
  }

  /**
   * Whether a signed file cache keeps a Poly1305 tag per 256 KiB chunk of every entry, which
   * {@code get} then checks instead of SHA-256 and which lets {@link VerifiedCache#openStream}
   * release an entry chunk by chunk (see {@code docs/cache.md}). Tags cost one Poly1305 pass at
   * {@code put} and 16 bytes per chunk in the signed record.
   */
  public enum ChunkTagging {
    /**
     * Tags where this JVM computes Poly1305 with vector instructions (x86_64 with AVX-512 IFMA:
     * about 15 GB/s per core), none elsewhere, where Poly1305 runs at about 1 GB/s, slower than
     * SHA-256; the default.
     */
    AUTO,
    /** Tags everywhere: bounded-memory streaming even where Poly1305 is slower than SHA-256. */
    ALWAYS,
    /** No tags: signed entries are checked with SHA-256, whole, as in a plain file cache. */
    NEVER
  }

  /** Where a memory cache keeps bytes. */
  public enum MemoryStorage {
    /** Java heap arrays; the default. */
    HEAP,
    /** {@link dev.sectools.memory.SecureBuffer}s: off the heap, locked if possible, wiped when dropped. */
    SECURE_BUFFER
  }

  /** The default size limit of a file cache: 1 GiB. */
  public static final long DEFAULT_FILE_MAX_BYTES = 1L << 30;
  /** The default size limit of a memory cache: 128 MiB. */
  public static final long DEFAULT_MEMORY_MAX_BYTES = 128L << 20;
  /**
   * The longest time to live: 36500 days (100 years). Expiry times are instants and, in a signed
   * cache, epoch milliseconds; a longer TTL would soon pass the end of their range, and no cache
   * entry needs to outlive its readers.
   */
  public static final Duration MAX_TTL = Duration.ofDays(36_500);

  private static final CacheConfig DEFAULTS = builder().build();

  private final Backend backend;
  private final Mode mode;
  private final Path directory;
  private final ExistingDirectoryPolicy directoryPolicy;
  private final Encryption encryption;
  private final KeysetHandle encryptionKeyset;
  private final Signing signing;
  private final KeysetHandle signingKeyset;
  private final ChunkTagging chunkTagging;
  private final MemoryStorage memoryStorage;
  private final long maxSizeBytes;
  private final Duration ttl;
  private final Durability durability;
  private final InstantSource clock;
  private final MeterRegistry meterRegistry;
  private final String name;

  private CacheConfig(Builder b) {
    this.backend = b.backend;
    this.mode = b.mode;
    this.directory = b.directory;
    this.directoryPolicy = b.directoryPolicy;
    this.encryption = b.encryption;
    this.encryptionKeyset = b.encryptionKeyset;
    this.signing = b.signing;
    this.signingKeyset = b.signingKeyset;
    this.chunkTagging = b.chunkTagging;
    this.memoryStorage = b.memoryStorage;
    this.maxSizeBytes = b.maxSizeBytes > 0 ? b.maxSizeBytes
        : b.backend == Backend.MEMORY ? DEFAULT_MEMORY_MAX_BYTES : DEFAULT_FILE_MAX_BYTES;
    this.ttl = b.ttl;
    this.durability = b.durability;
    this.clock = b.clock;
    this.meterRegistry = b.meterRegistry;
    this.name = b.name;
  }

  /** The defaults: an ephemeral file cache of at most 1 GiB, plain, unsigned, no expiry. */
  public static CacheConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder configured from {@code env} (pass {@code System.getenv()}); unset variables keep
   * the defaults. Keysets and a meter registry can be added to the builder afterwards.
   *
   * <table>
   *   <caption>Variables</caption>
   *   <tr><th>variable</th><th>values</th></tr>
   *   <tr><td>{@code SECTOOLS_CACHE_BACKEND}</td><td>{@code filesystem} | {@code memory}</td></tr>
   *   <tr><td>{@code SECTOOLS_CACHE_DIR}</td><td>an absolute path; implies a persistent cache</td></tr>
   *   <tr><td>{@code SECTOOLS_CACHE_EPHEMERAL}</td><td>{@code true} | {@code false} ({@code false}, like
   *       {@code SECTOOLS_CACHE_DIR}, is refused with {@code SECTOOLS_CACHE_BACKEND=memory})</td></tr>
   *   <tr><td>{@code SECTOOLS_CACHE_ENCRYPTION}</td><td>{@code none} | {@code aes256-gcm}</td></tr>
   *   <tr><td>{@code SECTOOLS_CACHE_MAX_BYTES}</td><td>a positive number, optionally with
   *       {@code KiB}, {@code MiB}, {@code GiB} or {@code TiB}</td></tr>
   *   <tr><td>{@code SECTOOLS_CACHE_TTL}</td><td>an ISO-8601 duration ({@code PT12H}) or a number
   *       with {@code s}, {@code m}, {@code h} or {@code d}; positive, at most {@code 36500d}
   *       ({@link #MAX_TTL})</td></tr>
   * </table>
   *
   * @throws IllegalArgumentException naming the variable, its value and what is allowed, if a
   *     value is invalid or values contradict each other
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    return EnvironmentConfig.apply(Objects.requireNonNull(env, "env"), builder());
  }

  /** The backend; default {@link Backend#FILESYSTEM}. */
  public Backend backend() {
    return backend;
  }

  /** Ephemeral or persistent; default {@link Mode#EPHEMERAL}. */
  public Mode mode() {
    return mode;
  }

  /**
   * The directory of a persistent cache: as set, else {@code $XDG_CACHE_HOME/sectools}, else
   * {@code ~/.cache/sectools}.
   */
  public Path directory() {
    if (directory != null) {
      return directory;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("sectools");
  }

  /** What a persistent cache does with a directory open to group or others; default REFUSE. */
  public ExistingDirectoryPolicy directoryPolicy() {
    return directoryPolicy;
  }

  /** The encryption; default {@link Encryption#NONE}. */
  public Encryption encryption() {
    return encryption;
  }

  /** The encryption keyset, if one was given (else an ephemeral key is made per cache). */
  public Optional<KeysetHandle> encryptionKeyset() {
    return Optional.ofNullable(encryptionKeyset);
  }

  /** The signing; default {@link Signing#NONE}. */
  public Signing signing() {
    return signing;
  }

  /** The signing keyset, if one was given (else an ephemeral key is made per cache). */
  public Optional<KeysetHandle> signingKeyset() {
    return Optional.ofNullable(signingKeyset);
  }

  /** Whether a signed file cache tags chunks; default {@link ChunkTagging#AUTO}. */
  public ChunkTagging chunkTagging() {
    return chunkTagging;
  }

  /** Where a memory cache keeps bytes; default {@link MemoryStorage#HEAP}. */
  public MemoryStorage memoryStorage() {
    return memoryStorage;
  }

  /**
   * The size limit of the cache and of each entry (a larger {@code put} throws
   * {@link dev.sectools.fs.SizeLimitExceededException}): 1 GiB for files, 128 MiB for memory
   * unless set.
   */
  public long maxSizeBytes() {
    return maxSizeBytes;
  }

  /** How long an entry lives after it is written, if limited. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * How durable file writes are; default {@link Durability#NONE}: a cache can lose entries in a
   * power failure, and a torn entry is found and removed by verification.
   */
  public Durability durability() {
    return durability;
  }

  /** The clock for creation and expiry times. */
  public InstantSource clock() {
    return clock;
  }

  /** The registry metrics go to, if any. */
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** The {@code cache} tag of this cache's meters; default {@code "default"}. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "CacheConfig{backend=" + backend + ", mode=" + mode + ", encryption=" + encryption
        + (encryptionKeyset != null ? " (keyset given)" : "") + ", signing=" + signing
        + (signingKeyset != null ? " (keyset given)" : "") + ", chunkTagging=" + chunkTagging
        + ", memoryStorage=" + memoryStorage
        + ", maxSizeBytes=" + maxSizeBytes + ", ttl=" + ttl + ", durability=" + durability + "}";
  }

  /** Builds a {@link CacheConfig}; every setter validates its argument. */
  public static final class Builder {
    private Backend backend = Backend.FILESYSTEM;
    private Mode mode = Mode.EPHEMERAL;
    private Path directory;
    private ExistingDirectoryPolicy directoryPolicy = ExistingDirectoryPolicy.REFUSE;
    private Encryption encryption = Encryption.NONE;
    private KeysetHandle encryptionKeyset;
    private Signing signing = Signing.NONE;
    private KeysetHandle signingKeyset;
    private ChunkTagging chunkTagging = ChunkTagging.AUTO;
    private MemoryStorage memoryStorage = MemoryStorage.HEAP;
    private long maxSizeBytes;
    private Duration ttl;
    private Durability durability = Durability.NONE;
    private InstantSource clock = InstantSource.system();
    private MeterRegistry meterRegistry;
    private String name = "default";

    private Builder() {}

    /** Sets the backend. */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Sets the mode of a file cache. A memory cache ends with its process: {@link #build()}
     * refuses {@link Mode#PERSISTENT} with {@link Backend#MEMORY}.
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Sets the directory of a persistent cache. It is resolved following links, so it should
     * come from trusted configuration; the directory itself is then checked.
     *
     * @throws IllegalArgumentException if {@code dir} is not absolute
     */
    public Builder directory(Path dir) {
      Objects.requireNonNull(dir, "directory");
      if (!dir.isAbsolute()) {
        throw new IllegalArgumentException("directory must be absolute, was " + dir);
      }
      this.directory = dir.normalize();
      return this;
    }

    /** Sets what a persistent cache does with a directory open to group or others. */
    public Builder directoryPolicy(ExistingDirectoryPolicy policy) {
      this.directoryPolicy = Objects.requireNonNull(policy, "directoryPolicy");
      return this;
    }

    /** Sets the encryption, with an ephemeral key per cache. */
    public Builder encryption(Encryption encryption) {
      this.encryption = Objects.requireNonNull(encryption, "encryption");
      this.encryptionKeyset = null;
      return this;
    }

    /**
     * Sets the encryption with a keyset (a Tink {@code StreamingAead} keyset, for example
     * {@code AES256_GCM_HKDF_1MB}); needed to read a persistent encrypted cache in a later run.
     *
     * @throws IllegalArgumentException if {@code encryption} is {@link Encryption#NONE}
     */
    public Builder encryption(Encryption encryption, KeysetHandle keyset) {
      Objects.requireNonNull(keyset, "keyset");
      if (encryption == Encryption.NONE) {
        throw new IllegalArgumentException("a keyset was given with Encryption.NONE");
      }
      this.encryption = encryption;
      this.encryptionKeyset = keyset;
      return this;
    }

    /** Sets the signing, with an ephemeral key per cache. */
    public Builder signing(Signing signing) {
      this.signing = Objects.requireNonNull(signing, "signing");
      this.signingKeyset = null;
      return this;
    }

    /**
     * Sets the signing with a Tink {@code Mac} keyset; needed to read a persistent signed cache
     * in a later run.
     *
     * @throws IllegalArgumentException if {@code signing} is {@link Signing#NONE}
     */
    public Builder signing(Signing signing, KeysetHandle keyset) {
      Objects.requireNonNull(keyset, "keyset");
      if (signing == Signing.NONE) {
        throw new IllegalArgumentException("a keyset was given with Signing.NONE");
      }
      this.signing = signing;
      this.signingKeyset = keyset;
      return this;
    }

    /** Sets whether a signed file cache tags chunks (ignored by other caches). */
    public Builder chunkTagging(ChunkTagging tagging) {
      this.chunkTagging = Objects.requireNonNull(tagging, "chunkTagging");
      return this;
    }

    /** Sets where a memory cache keeps bytes. */
    public Builder memoryStorage(MemoryStorage storage) {
      this.memoryStorage = Objects.requireNonNull(storage, "memoryStorage");
      return this;
    }

    /**
     * Sets the size limit; least recently used entries are evicted above it, and no entry may be
     * larger.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive
     */
    public Builder maxSizeBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxSizeBytes must be positive, was " + bytes);
      }
      this.maxSizeBytes = bytes;
      return this;
    }

    /**
     * Sets how long an entry lives after it is written.
     *
     * @throws IllegalArgumentException if {@code ttl} is not positive, or longer than
     *     {@link #MAX_TTL} (100 years)
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive, was " + ttl);
      }
      if (ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException("ttl must be at most " + MAX_TTL.toDays() + " days (100 years), was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** Sets the durability of file writes. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** Sets the clock (tests inject one). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Sends metrics to {@code registry} (needs Micrometer on the class or module path). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Sets the {@code cache} tag of this cache's meters.
     *
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("name must not be empty");
      }
      this.name = name;
      return this;
    }

    /**
     * Returns the immutable configuration.
     *
     * @throws IllegalArgumentException if a directory is set for an ephemeral or memory cache,
     *     or a memory cache is asked to be persistent
     */
    public CacheConfig build() {
      if (directory != null && (mode == Mode.EPHEMERAL || backend == Backend.MEMORY)) {
        throw new IllegalArgumentException("a directory is set but the cache is "
            + (backend == Backend.MEMORY ? "a memory cache" : "ephemeral") + ": the directory would be ignored");
      }
      if (mode == Mode.PERSISTENT && backend == Backend.MEMORY) {
        throw new IllegalArgumentException("mode is PERSISTENT but the cache is a memory cache, which ends with its process");
      }
      return new CacheConfig(this);
    }
  }
}
