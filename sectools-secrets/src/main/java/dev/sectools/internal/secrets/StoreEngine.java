package dev.sectools.internal.secrets;

import dev.sectools.fs.PathDisplay;
import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.secrets.BackupSummary;
import dev.sectools.secrets.CheckAndSet;
import dev.sectools.secrets.DataKeyInfo;
import dev.sectools.secrets.ExpiredRead;
import dev.sectools.secrets.InvalidSecretPathException;
import dev.sectools.secrets.MetadataUpdate;
import dev.sectools.secrets.Progress;
import dev.sectools.secrets.ReencryptProgress;
import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.RotationState;
import dev.sectools.secrets.SecretExpiredException;
import dev.sectools.secrets.SecretMetadata;
import dev.sectools.secrets.SecretNotFoundException;
import dev.sectools.secrets.SecretStatus;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.StoreStatus;
import dev.sectools.secrets.VersionConflictException;
import dev.sectools.secrets.VersionInfo;
import dev.sectools.secrets.VersionState;
import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.WrappingKey;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store's operations over {@link Storage} and {@link StoreKeys}: Vault KV v2 semantics for
 * versions, check-and-set, soft delete, destroy and listing. Opening and creating are in
 * {@link StoreOpener}. Thread-safe: SQLite runs one transaction at a time; PostgreSQL runs them
 * side by side, each on a connection of its own, isolated as if one at a time.
 */
public final class StoreEngine implements AutoCloseable {
  /** {@code expectedVersion} of a plain, unconditional write. */
  public static final long ANY_VERSION = -1;

  // Rows of recently read secrets kept for reuse (about 300 bytes each, ciphertexts only).
  private static final int LOOKUP_CACHE_ROWS = 4096;

  private static final System.Logger LOG = System.getLogger("dev.sectools.secrets");

  private final Storage storage;
  private final KeyRing ring;
  private final KeyRotation rotation;
  private final StoreConfig config;
  private final Set<String> warnedExpired = ConcurrentHashMap.newKeySet();
  private final StoreMetrics metrics;
  private final LookupCache lookups = new LookupCache(LOOKUP_CACHE_ROWS);

  StoreEngine(Storage storage, KeyRing ring, StoreConfig config, StoreMetrics metrics) {
    this.metrics = metrics;
    this.storage = storage;
    this.ring = ring;
    this.rotation = new KeyRotation(storage, ring, config.clock());
    this.config = config;
  }

  /**
   * Writes {@code value} as the next version of {@code path}.
   *
   * @param expectedVersion the current version the caller expects ({@code 0}: the secret must
   *     not exist), or {@link #ANY_VERSION}
   * @return the version written
   */
  public long put(String path, byte[] value, long expectedVersion) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    long now = config.clock().millis();
    long written = storage.inTransaction(Mode.WRITE,
        () -> writeVersion(fresh(), path, pathId, value, expectedVersion, now));
    storage.purgeErased();
    return written;
  }

  /**
   * Writes every entry as the next version of its path, in one transaction: all or none.
   *
   * @return the version written for each path, in the entries' order
   */
  public Map<String, Long> putAll(Map<String, byte[]> values) throws IOException, GeneralSecurityException {
    return putAll(values, Progress.NONE);
  }

  /**
   * As {@link #putAll(Map)}, telling {@code progress} every {@value BackupWriter#PROGRESS_EVERY}
   * secrets written (inside the one transaction: nothing is committed until the end).
   */
  public Map<String, Long> putAll(Map<String, byte[]> values, Progress progress)
      throws IOException, GeneralSecurityException {
    Map<String, byte[]> ids = new LinkedHashMap<>();
    for (String path : values.keySet()) {
      SecretPaths.check(path);
      ids.put(path, ring.keys().pathId(path));
    }
    long now = config.clock().millis();
    Map<String, Long> written = storage.inTransaction(Mode.WRITE, () -> {
      StoreKeys keys = fresh();
      Map<String, Long> out = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> e : values.entrySet()) {
        out.put(e.getKey(), writeVersion(keys, e.getKey(), ids.get(e.getKey()), e.getValue(), ANY_VERSION, now));
        if (out.size() % BackupWriter.PROGRESS_EVERY == 0) {
          progress.update(out.size(), values.size());
        }
      }
      return out;
    });
    storage.purgeErased();
    progress.update(written.size(), written.size());
    return written;
  }

  // Inside a write transaction: the next version of one secret.
  private long writeVersion(StoreKeys keys, String path, byte[] pathId, byte[] value, long expectedVersion,
      long now) throws IOException, GeneralSecurityException {
    SecretRow row = storage.secret(pathId).orElse(null);
    long current = row == null ? 0 : row.currentVersion;
    checkCas(path, row, current, expectedVersion);
    long next = current + 1;
    byte[] ciphertext = keys.encryptValue(pathId, next, value);
    if (row == null) {
      row = new SecretRow(pathId, keys.encryptName(pathId, path), next, config.defaultMaxVersions(),
          false, 0, null, null, now, now);
      storage.insertSecret(row);
    } else {
      row = row.withVersion(next, now);
      storage.updateSecret(row);
    }
    storage.insertVersion(pathId, new VersionRow(next, VersionState.LIVE, now, keys.primaryKeyId(), ciphertext));
    prune(row);
    return next;
  }

  private void checkCas(String path, SecretRow row, long current, long expected) throws VersionConflictException {
    if (expected == ANY_VERSION) {
      if (row != null && row.casRequired) {
        throw new VersionConflictException("check-and-set is required for " + shown(path)
            + ": pass the expected version", expected, current);
      }
    } else if (expected != current) {
      throw new VersionConflictException("check-and-set failed for " + shown(path) + ": expected version "
          + expected + ", current is " + current, expected, current);
    }
  }

  // Removes the oldest versions beyond the secret's limit, whatever their state.
  private void prune(SecretRow row) throws IOException {
    List<VersionRow> versions = storage.versions(row.pathId);
    for (int i = 0; i < versions.size() - row.maxVersions; i++) {
      storage.deleteVersion(row.pathId, versions.get(i).version);
    }
  }

  /**
   * Decrypts one live version ({@code 0}: the current one) into a heap array the caller must
   * wipe.
   */
  public byte[] get(String path, long version) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    // One statement finds the secret and the version; reads use the keys at hand and pick up a
    // keyset change only when they meet a key they do not know (see readLive); writes always
    // check for one first.
    return storage.inTransaction(Mode.SINGLE_STATEMENT, () -> readLive(ring.keys(), path, pathId, version));
  }

  private byte[] readLive(StoreKeys keys, String path, byte[] pathId, long version) throws IOException, GeneralSecurityException {
    Storage.Lookup found = lookups.lookup(storage, pathId, version)
        .orElseThrow(() -> new SecretNotFoundException("no secret " + shown(path)));
    SecretRow row = found.secret;
    long wanted = version == 0 ? row.currentVersion : version;
    VersionRow v = found.version;
    if (v == null) {
      throw new SecretNotFoundException("no version " + wanted + " of " + shown(path));
    }
    VersionState state = Rotation.effectiveState(row, v, config.clock().millis());
    if (state != VersionState.LIVE || v.ciphertext == null) {
      throw new SecretNotFoundException("version " + wanted + " of " + shown(path) + " is "
          + state.name().toLowerCase(Locale.ROOT));
    }
    checkExpiry(path, row, wanted == row.currentVersion ? v.createdMillis : -1);
    StoreKeys current = keys;
    if (!current.knows(v.keyId)) {
      current = fresh(); // written under a key another process added since
    }
    return current.decryptValue(pathId, wanted, v.ciphertext);
  }

  /** Every version of {@code path} still kept, oldest first. */
  public List<VersionInfo> versions(String path) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    long now = config.clock().millis();
    return storage.inTransaction(Mode.READ, () -> {
      SecretRow row = existing(path, pathId);
      List<VersionInfo> out = new ArrayList<>();
      for (VersionRow v : storage.versions(pathId)) {
        out.add(new VersionInfo(v.version, Rotation.effectiveState(row, v, now), Instant.ofEpochMilli(v.createdMillis),
            v.keyId));
      }
      return out;
    });
  }

  /** Moves versions ({@code none}: the current one) to {@code target}, from the states allowed. */
  public void setState(String path, long[] versions, VersionState target)
      throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    storage.inTransaction(Mode.WRITE, () -> {
      SecretRow row = existing(path, pathId);
      long[] which = versions.length == 0 ? new long[] {row.currentVersion} : versions;
      for (long version : which) {
        VersionRow v = storage.version(pathId, version).orElseThrow(() -> new SecretNotFoundException(
            "no version " + version + " of " + shown(path)));
        if (target == VersionState.DESTROYED) {
          storage.destroy(pathId, version);
        } else if (v.state != VersionState.DESTROYED) {
          storage.setState(pathId, version, target);
        }
      }
      return null;
    });
    storage.purgeErased();
  }

  /** Removes {@code path} with all its versions and metadata. */
  public void deleteAll(String path) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    storage.inTransaction(Mode.WRITE, () -> {
      existing(path, pathId);
      storage.deleteSecret(pathId);
      return null;
    });
    storage.purgeErased();
  }

  /** Writes the value of live version {@code toVersion} again, as a new version. */
  public long rollback(String path, long toVersion) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    if (toVersion < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + toVersion);
    }
    byte[] pathId = ring.keys().pathId(path);
    long now = config.clock().millis();
    long written = storage.inTransaction(Mode.WRITE, () -> {
      StoreKeys keys = fresh();
      byte[] value = readLive(keys, path, pathId, toVersion);
      try {
        SecretRow current = existing(path, pathId);
        long next = current.currentVersion + 1;
        SecretRow row = current.withVersion(next, now);
        storage.updateSecret(row);
        storage.insertVersion(pathId, new VersionRow(next, VersionState.LIVE, now, keys.primaryKeyId(),
            keys.encryptValue(pathId, next, value)));
        prune(row);
        return next;
      } finally {
        Arrays.fill(value, (byte) 0);
      }
    });
    storage.purgeErased();
    return written;
  }

  /**
   * The paths under {@code prefix}: every one if {@code recursive}, else the next segment only
   * (folders end in {@code /}). Sorted.
   */
  public List<String> list(String prefix, boolean recursive) throws IOException, GeneralSecurityException {
    SecretPaths.checkPrefix(prefix);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new InvalidSecretPathException("a listing prefix must be empty or end in '/'");
    }
    return storage.inTransaction(Mode.READ, () -> {
      StoreKeys keys = fresh();
      TreeSet<String> out = new TreeSet<>();
      for (SecretRow row : storage.secrets()) {
        String name = keys.decryptName(row.pathId, row.nameCiphertext);
        if (!name.startsWith(prefix)) {
          continue;
        }
        if (recursive) {
          out.add(name);
        } else {
          String rest = name.substring(prefix.length());
          int slash = rest.indexOf('/');
          out.add(slash < 0 ? rest : rest.substring(0, slash + 1)); // a folder ends in '/'
        }
      }
      return List.copyOf(out);
    });
  }

  // Past its deadline: refused, or logged once per secret for this opened store.
  // currentCreated: when the current version was written, or -1 if not at hand.
  private void checkExpiry(String path, SecretRow row, long currentCreated) throws IOException {
    if (row.rotation == null) {
      return;
    }
    RotationPolicy policy = Codecs.rotation(row.rotation);
    long since = currentCreated >= 0 ? currentCreated
        : storage.version(row.pathId, row.currentVersion).map(v -> v.createdMillis).orElse(row.updatedMillis);
    Instant deadline = Instant.ofEpochMilli(since).plus(policy.maxAge());
    if (config.clock().instant().isBefore(deadline)) {
      return;
    }
    if (policy.onExpiredRead() == ExpiredRead.REFUSE) {
      throw new SecretExpiredException(shown(path) + " expired at " + deadline + " and must be rotated", deadline);
    }
    if (warnedExpired.add(HexFormat.of().formatHex(row.pathId))) {
      LOG.log(System.Logger.Level.WARNING, "secret {0} expired at {1} and should be rotated", shown(path), deadline);
    }
  }

  /** The metadata of {@code path}. */
  public SecretMetadata metadata(String path) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    return storage.inTransaction(Mode.READ, () -> {
      StoreKeys keys = fresh();
      SecretRow row = existing(path, pathId);
      Map<String, String> custom = row.metaCiphertext == null
          ? Map.of() : Codecs.custom(keys.decryptMetadata(pathId, row.metaCiphertext));
      return new SecretMetadata(row.currentVersion, row.maxVersions,
          row.casRequired ? CheckAndSet.REQUIRED : CheckAndSet.OPTIONAL, Duration.ofMillis(row.deleteAfterMillis),
          row.rotation == null ? Optional.empty() : Optional.of(Codecs.rotation(row.rotation)), custom,
          Instant.ofEpochMilli(row.createdMillis), Instant.ofEpochMilli(row.updatedMillis));
    });
  }

  /** Applies {@code update} to the metadata of existing secret {@code path}. */
  public void updateMetadata(String path, MetadataUpdate update) throws IOException, GeneralSecurityException {
    SecretPaths.check(path);
    byte[] pathId = ring.keys().pathId(path);
    long now = config.clock().millis();
    storage.inTransaction(Mode.WRITE, () -> {
      StoreKeys keys = fresh();
      SecretRow row = existing(path, pathId);
      int maxVersions = update.maxVersions().orElse(row.maxVersions);
      boolean cas = update.checkAndSet().map(c -> c == CheckAndSet.REQUIRED).orElse(row.casRequired);
      long deleteAfter = update.deleteVersionAfter().map(Duration::toMillis).orElse(row.deleteAfterMillis);
      String rotation = update.rotation().map(p -> p.map(Codecs::rotation).orElse(null)).orElse(row.rotation);
      byte[] meta = row.metaCiphertext;
      if (update.custom().isPresent()) {
        byte[] plain = Codecs.custom(update.custom().get());
        try {
          meta = update.custom().get().isEmpty() ? null : keys.encryptMetadata(pathId, plain);
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
      }
      SecretRow changed = row.withSettings(maxVersions, cas, deleteAfter, rotation, meta, now);
      storage.updateSecret(changed);
      prune(changed);
      return null;
    });
    storage.purgeErased();
  }

  /** Counts, and the secrets past or near their rotation deadline. */
  public StoreStatus status() throws IOException, GeneralSecurityException {
    Instant now = config.clock().instant();
    return storage.inTransaction(Mode.READ, () -> {
      StoreKeys keys = fresh();
      List<SecretStatus> expired = new ArrayList<>();
      List<SecretStatus> dueSoon = new ArrayList<>();
      List<SecretRow> rows = storage.secrets();
      long versions = 0;
      for (SecretRow row : rows) {
        List<VersionRow> kept = storage.versions(row.pathId);
        versions += kept.size();
        if (row.rotation == null) {
          continue;
        }
        long since = kept.stream().filter(v -> v.version == row.currentVersion)
            .mapToLong(v -> v.createdMillis).findFirst().orElse(row.updatedMillis);
        SecretStatus status = Rotation.status(keys.decryptName(row.pathId, row.nameCiphertext),
            Codecs.rotation(row.rotation), Instant.ofEpochMilli(since), now);
        if (status.state() == RotationState.EXPIRED) {
          expired.add(status);
        } else if (status.state() == RotationState.DUE_SOON) {
          dueSoon.add(status);
        }
      }
      expired.sort(Comparator.comparing(SecretStatus::rotateBy));
      dueSoon.sort(Comparator.comparing(SecretStatus::rotateBy));
      return new StoreStatus(rows.size(), versions, expired, dueSoon);
    });
  }

  /**
   * Wraps the store's keysets under a key from {@code provider} instead of the current one, in
   * one transaction; values are not touched.
   */
  public void changeKeyProvider(KeyProvider provider)
      throws IOException, GeneralSecurityException {
    WrappingKey kek = provider.create();
    storage.inTransaction(Mode.WRITE, () -> {
      ring.refresh(storage);
      ring.rewrap(storage, kek.aead());
      storage.putHeader(StoreOpener.PROVIDER, provider.kind().getBytes(StandardCharsets.UTF_8));
      storage.putHeader(StoreOpener.KEY_PARAMETERS, kek.parameters());
      return null;
    });
    storage.purgeErased();
  }

  /**
   * Writes a backup of one consistent snapshot to {@code out}, its key wrapped by
   * {@code separate} (null: the store's KEK). See {@link BackupWriter}.
   */
  public BackupSummary backup(OutputStream out, KeyProvider separate, Progress progress)
      throws IOException, GeneralSecurityException {
    return BackupWriter.write(storage, ring, config, out, separate, progress);
  }

  /** Receives the plaintext of {@link #exportPlaintext}; the array is wiped when it returns. */
  @FunctionalInterface
  public interface PlaintextSink {
    /** One secret's current value; {@code shown} names it as error messages may. */
    void entry(String path, byte[] value, String shown) throws IOException;
  }

  /**
   * Hands the current value of every secret under {@code prefix} to {@code sink}, sorted by path,
   * from one read transaction (a consistent snapshot). Secrets whose current version is deleted,
   * destroyed or past its lifetime are left out; rotation deadlines are not enforced.
   *
   * @return how many secrets were handed over
   */
  public int exportPlaintext(String prefix, PlaintextSink sink) throws IOException, GeneralSecurityException {
    SecretPaths.checkPrefix(prefix);
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new InvalidSecretPathException("an export prefix must be empty or end in '/'");
    }
    long now = config.clock().millis();
    return storage.inTransaction(Mode.READ, () -> {
      StoreKeys keys = fresh();
      java.util.TreeMap<String, SecretRow> rows = new java.util.TreeMap<>();
      for (SecretRow row : storage.secrets()) {
        String name = keys.decryptName(row.pathId, row.nameCiphertext);
        if (name.startsWith(prefix)) {
          rows.put(name, row);
        }
      }
      int n = 0;
      for (Map.Entry<String, SecretRow> e : rows.entrySet()) {
        SecretRow row = e.getValue();
        VersionRow v = storage.version(row.pathId, row.currentVersion).orElse(null);
        if (v == null || v.ciphertext == null || Rotation.effectiveState(row, v, now) != VersionState.LIVE) {
          continue;
        }
        byte[] plain = keys.decryptValue(row.pathId, v.version, v.ciphertext);
        try {
          sink.entry(e.getKey(), plain, shown(e.getKey()));
        } finally {
          Arrays.fill(plain, (byte) 0);
        }
        n++;
      }
      return n;
    });
  }

  /** Adds a new primary data key; returns its id. */
  public long rotateKeys() throws IOException, GeneralSecurityException {
    return rotation.rotate();
  }

  /** Rotates when the store's key rotation interval has passed since the primary key was made. */
  void rotateIfDue() throws IOException, GeneralSecurityException {
    if (config.keyRotationInterval().isPresent()
        && !config.clock().instant().isBefore(rotation.primaryCreated().plus(config.keyRotationInterval().get()))) {
      long id = rotation.rotate();
      metrics.keyRotated(true);
      LOG.log(System.Logger.Level.INFO, "rotated the data key on open: new primary key {0}", id);
    }
  }

  /** The store's keys as last read (the MAC key, which the audit log uses, never changes). */
  public StoreKeys currentKeys() {
    return ring.keys();
  }

  /** How many secrets and versions the store holds, in that order. */
  public long[] counts() throws IOException, GeneralSecurityException {
    return storage.inTransaction(Mode.SINGLE_STATEMENT, storage::counts);
  }

  /** The data keys, with how many versions each encrypts. */
  public List<DataKeyInfo> keys() throws IOException, GeneralSecurityException {
    return rotation.keys();
  }

  /** Re-encrypts every version under the primary key, in batches; returns how many. */
  public long reencrypt(ReencryptProgress progress) throws IOException, GeneralSecurityException {
    return rotation.reencrypt(progress);
  }

  /** Enables or disables a data key that is not the primary (disabling needs it unused). */
  public void setKeyEnabled(long id, boolean enabled) throws IOException, GeneralSecurityException {
    rotation.setEnabled(id, enabled);
  }

  /** Removes a disabled, unused data key from the keyset. */
  public void destroyKey(long id) throws IOException, GeneralSecurityException {
    rotation.destroy(id);
  }

  private StoreKeys fresh() throws IOException, GeneralSecurityException {
    ring.refresh(storage);
    return ring.keys();
  }

  private SecretRow existing(String path, byte[] pathId) throws IOException {
    return storage.secret(pathId).orElseThrow(() -> new SecretNotFoundException("no secret " + shown(path)));
  }

  private String shown(String path) {
    return config.pathDisplay() == PathDisplay.FULL ? "'" + path + "'" : "<redacted>";
  }

  @Override
  public void close() throws IOException {
    storage.close();
  }
}
