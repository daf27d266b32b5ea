package dev.sectools.secrets;

import dev.sectools.audit.AuditVerification;
import dev.sectools.internal.secrets.AuditTrail;
import dev.sectools.internal.secrets.BackupRestorer;
import dev.sectools.internal.secrets.Passwords;
import dev.sectools.internal.secrets.PlaintextCodec;
import dev.sectools.internal.secrets.SecretPaths;
import dev.sectools.internal.secrets.StoreCopier;
import dev.sectools.internal.secrets.StoreEngine;
import dev.sectools.internal.secrets.StoreMetrics;
import dev.sectools.internal.secrets.StoreMetrics.Operation;
import dev.sectools.internal.secrets.StoreMetrics.Target;
import dev.sectools.internal.secrets.StoreOpener;
import dev.sectools.fs.AtomicOutputStream;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.WriteMode;
import dev.sectools.fs.WriteOptions;
import dev.sectools.memory.SecureBuffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An envelope-encrypted, versioned secret store with the semantics of Vault's KV v2 engine,
 * embedded in the process: no server to run. Its rows live in an SQLite file, or, for a store
 * that many hosts share, in a PostgreSQL database ({@link StoreConfig.Builder#database}).
 *
 * <pre>{@code
 * try (PassphraseKeyProvider key = PassphraseKeyProvider.of(passphrase);
 *      SecretStore store = SecretStore.open(StoreConfig.builder(dir, key).build())) {
 *   long v = store.put("payments/stripe-key", keyBytes);        // version 1, 2, …
 *   try (SecureBuffer value = store.get("payments/stripe-key")) {
 *     value.withBytes(buffer -> client.authenticate(buffer));
 *   }
 *   store.put("payments/stripe-key", newKey, v);                 // check-and-set
 * }
 * }</pre>
 *
 * <h2>What is stored, and how</h2>
 * One SQLite file, {@code store.db}, in a {@code 0700} directory, itself {@code 0600}. Every
 * value is encrypted with AES-256-GCM (Tink) under the store's data keyset, with the store id,
 * the path's id and the version as associated data: a ciphertext copied to another secret,
 * version or store does not decrypt, and is reported as an {@link IntegrityException}. Paths are
 * looked up by an HMAC-SHA256 of the path and stored encrypted, so the file shows no secret
 * names. The keysets are stored only wrapped by the key-encryption key of the store's
 * {@link dev.sectools.secrets.keys.KeyProvider}.
 *
 * <h2>Paths</h2>
 * {@code namespace/name…}: at least two segments separated by {@code /}, none empty, none
 * {@code .} or {@code ..}, no control characters, at most {@value #MAX_PATH_BYTES} bytes in UTF-8;
 * otherwise {@link InvalidSecretPathException}.
 *
 * <h2>Versions</h2>
 * Every {@code put} writes version n+1. Reading returns the current version, or any version still
 * kept and live. {@link #delete} soft-deletes (reversible with {@link #undelete}),
 * {@link #destroy} erases the ciphertext, {@link #deleteAll} forgets the secret. Only the newest
 * {@link StoreConfig#defaultMaxVersions()} versions are kept.
 *
 * <p>Thread-safe; several processes may use one store at once (writes are serialised by
 * SQLite's lock, waiting at most {@link StoreConfig#busyTimeout()}), and on PostgreSQL many
 * hosts (serialisable transactions, run again after a conflict).
 */
public final class SecretStore implements AutoCloseable {
  /** The longest secret path, in UTF-8 bytes. */
  public static final int MAX_PATH_BYTES = SecretPaths.MAX_PATH_BYTES;

  private final StoreEngine engine;
  private final StoreMetrics metrics;

  private SecretStore(StoreEngine engine, StoreMetrics metrics) { // metrics: with the audit trail, if any
    this.engine = engine;
    this.metrics = metrics;
    metrics.watch(engine);
  }

  /**
   * Creates a new, empty store in {@link StoreConfig#directory()} (made {@code 0700} if missing)
   * and opens it.
   *
   * @throws java.nio.file.FileAlreadyExistsException if a store is already there (it is left as it is)
   * @throws java.nio.file.NoSuchFileException if the parent directory does not exist
   * @throws GeneralSecurityException if the key provider cannot make a key
   */
  public static SecretStore create(StoreConfig config) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(config, "config");
    StoreMetrics metrics = StoreMetrics.of(config);
    long start = System.nanoTime();
    StoreEngine engine = metrics.time(Operation.CREATE, () -> StoreOpener.create(config, metrics));
    return started(engine, metrics, config, Operation.CREATE, System.nanoTime() - start);
  }

  /**
   * Opens an existing store.
   *
   * @throws java.nio.file.NoSuchFileException if there is no store there
   * @throws StoreFormatException if the store is damaged or from a newer sectools (nothing is changed)
   * @throws StoreAccessDeniedException if the key does not unlock it (wrong passphrase)
   */
  public static SecretStore open(StoreConfig config) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(config, "config");
    StoreMetrics metrics = StoreMetrics.of(config);
    long start = System.nanoTime();
    StoreEngine engine;
    try {
      engine = metrics.time(Operation.OPEN, () -> StoreOpener.open(config, metrics));
    } catch (StoreAccessDeniedException e) {
      AuditTrail.failedOpen(config, e); // into the audit log at the next open that succeeds
      throw e;
    }
    return started(engine, metrics, config, Operation.OPEN, System.nanoTime() - start);
  }

  // Starts the audit log, if configured; if it cannot start (and must), the store is closed again.
  private static SecretStore started(StoreEngine engine, StoreMetrics metrics, StoreConfig config, Operation opened,
      long nanos) throws IOException, GeneralSecurityException {
    try {
      return new SecretStore(engine, AuditTrail.start(metrics, config, engine, opened, nanos));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      try {
        engine.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Writes {@code value} as the next version of {@code path}. The array is copied; wipe yours.
   *
   * @return the version written (1 for a new secret)
   * @throws VersionConflictException if the secret requires check-and-set
   */
  public long put(String path, byte[] value) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(value, "value");
    return metrics.time(Operation.PUT, Target.path(path), () -> engine.put(path, value, StoreEngine.ANY_VERSION));
  }

  /**
   * Writes {@code value} as the next version of {@code path} only if the current version is
   * {@code expectedVersion} (check-and-set; {@code 0}: only if the secret does not exist).
   *
   * @return the version written
   * @throws VersionConflictException if the current version differs; nothing is written
   * @throws IllegalArgumentException if {@code expectedVersion} is negative
   */
  public long put(String path, byte[] value, long expectedVersion) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(value, "value");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("expectedVersion must not be negative, was " + expectedVersion);
    }
    return metrics.time(Operation.PUT, Target.path(path), () -> engine.put(path, value, expectedVersion));
  }

  /**
   * Writes each value as the next version of its path, all in one transaction (one fsync): either
   * every write lands or none does. For loading many secrets at once; arrays are copied, wipe
   * yours.
   *
   * @return the version written for each path, in the map's iteration order
   * @throws VersionConflictException if one of the secrets requires check-and-set; nothing is written
   * @throws InvalidSecretPathException if a path is invalid; nothing is written
   */
  public Map<String, Long> putAll(Map<String, byte[]> values) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(values, "values");
    values.forEach((path, value) -> Objects.requireNonNull(value, "value of a secret"));
    return metrics.time(Operation.PUT_ALL, () -> engine.putAll(values));
  }

  /**
   * Writes the content of {@code value} as the next version of {@code path}. Encryption needs the
   * bytes on the heap for a moment: they are copied out, encrypted and wiped at once.
   *
   * @return the version written
   */
  public long put(String path, SecureBuffer value) throws IOException, GeneralSecurityException {
    byte[] plain = new byte[value.length()];
    try {
      value.copyTo(plain);
      return metrics.time(Operation.PUT, Target.path(path), () -> engine.put(path, plain, StoreEngine.ANY_VERSION));
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Stores a freshly generated password as the next version of {@code path}. The password never
   * exists as a {@code String}; read it back with {@link #get(String)}.
   *
   * @return the version written
   */
  public long generate(String path, PasswordSpec spec) throws IOException, GeneralSecurityException {
    byte[] password = Passwords.generate(Objects.requireNonNull(spec, "spec"));
    try {
      return metrics.time(Operation.GENERATE, Target.path(path),
          () -> engine.put(path, password, StoreEngine.ANY_VERSION));
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  /**
   * A freshly generated password in secure memory, stored nowhere (for printing, or for use
   * before it is stored).
   */
  public static SecureBuffer generatePassword(PasswordSpec spec) {
    return SecureBuffer.moveFrom(Passwords.generate(Objects.requireNonNull(spec, "spec")));
  }

  /**
   * The current version's value, in secure memory. Close it when done.
   *
   * @throws SecretNotFoundException if there is no such secret or its current version is
   *     deleted or destroyed
   * @throws SecretExpiredException if the secret is past its rotation deadline and its policy
   *     refuses expired reads
   * @throws IntegrityException if the stored ciphertext was tampered with or moved
   */
  public SecureBuffer get(String path) throws IOException, GeneralSecurityException {
    return inSecureMemory(metrics.time(Operation.GET, Target.path(path), () -> engine.get(path, 0)));
  }

  /**
   * The value of one version, in secure memory.
   *
   * @throws SecretNotFoundException if there is no such version, or it is deleted or destroyed
   * @throws IntegrityException if the stored ciphertext was tampered with or moved
   * @throws IllegalArgumentException if {@code version} is below 1
   */
  public SecureBuffer get(String path, long version) throws IOException, GeneralSecurityException {
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    return inSecureMemory(metrics.time(Operation.GET, Target.version(path, version),
        () -> engine.get(path, version)));
  }

  // A buffer that could not be locked in RAM is degraded security: the audit log says so, once.
  private SecureBuffer inSecureMemory(byte[] value) {
    SecureBuffer buffer = SecureBuffer.moveFrom(value);
    if (!buffer.isLocked()) {
      metrics.degraded(Operation.GET, "memory_not_locked");
    }
    return buffer;
  }

  /**
   * The current value decoded as UTF-8 into a {@code String}.
   *
   * <p><b>Warning:</b> a {@code String} cannot be wiped: the value stays on the heap until the
   * garbage collector reuses its memory, and can end up in heap dumps. Prefer {@link #get}.
   */
  public String getStringUnwipeable(String path) throws IOException, GeneralSecurityException {
    byte[] value = metrics.time(Operation.GET, Target.path(path), () -> engine.get(path, 0));
    try {
      return new String(value, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  /**
   * Every version of {@code path} still kept, oldest first, without values.
   *
   * @throws SecretNotFoundException if there is no such secret
   */
  public List<VersionInfo> versions(String path) throws IOException, GeneralSecurityException {
    return metrics.time(Operation.VERSIONS, Target.path(path), () -> engine.versions(path));
  }

  /**
   * Soft-deletes versions (none given: the current one); {@link #undelete} restores them.
   *
   * @throws SecretNotFoundException if there is no such secret or version
   */
  public void delete(String path, long... versions) throws IOException, GeneralSecurityException {
    long[] chosen = checked(versions);
    run(Operation.DELETE, target(path, chosen), () -> engine.setState(path, chosen, VersionState.DELETED));
  }

  /**
   * Restores soft-deleted versions (none given: the current one). Destroyed versions stay destroyed.
   *
   * @throws SecretNotFoundException if there is no such secret or version
   */
  public void undelete(String path, long... versions) throws IOException, GeneralSecurityException {
    long[] chosen = checked(versions);
    run(Operation.UNDELETE, target(path, chosen), () -> engine.setState(path, chosen, VersionState.LIVE));
  }

  /**
   * Erases the ciphertext of versions (none given: the current one). Irreversible. SQLite's
   * secure delete overwrites the bytes in the database file, and the write-ahead log is
   * checkpointed and truncated; see docs/secrets.md for what the disk below may keep.
   *
   * @throws SecretNotFoundException if there is no such secret or version
   */
  public void destroy(String path, long... versions) throws IOException, GeneralSecurityException {
    long[] chosen = checked(versions);
    run(Operation.DESTROY, target(path, chosen), () -> engine.setState(path, chosen, VersionState.DESTROYED));
  }

  /**
   * Removes {@code path}: its metadata and every version.
   *
   * @throws SecretNotFoundException if there is no such secret
   */
  public void deleteAll(String path) throws IOException, GeneralSecurityException {
    run(Operation.DELETE_ALL, Target.path(path), () -> engine.deleteAll(path));
  }

  /**
   * Writes the value of live version {@code toVersion} again as a new version.
   *
   * @return the version written
   * @throws SecretNotFoundException if that version is not kept or not live
   */
  public long rollback(String path, long toVersion) throws IOException, GeneralSecurityException {
    return metrics.time(Operation.ROLLBACK, Target.path(path), () -> engine.rollback(path, toVersion));
  }

  /**
   * The entries directly under {@code prefix} ({@code ""} for the top, else ending in {@code /}):
   * secret names, and folder names ending in {@code /}. Sorted.
   */
  public List<String> list(String prefix) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(prefix, "prefix");
    return metrics.time(Operation.LIST, () -> engine.list(prefix, false));
  }

  /** Every secret path under {@code prefix} ({@code ""} for all), in full. Sorted. */
  public List<String> listRecursive(String prefix) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(prefix, "prefix");
    return metrics.time(Operation.LIST, () -> engine.list(prefix, true));
  }

  /**
   * The metadata of {@code path}: versions kept, check-and-set rule, lifetimes, rotation policy,
   * custom entries (decrypted), times.
   *
   * @throws SecretNotFoundException if there is no such secret
   */
  public SecretMetadata metadata(String path) throws IOException, GeneralSecurityException {
    return metrics.time(Operation.METADATA, Target.path(path), () -> engine.metadata(path));
  }

  /**
   * Changes the metadata of existing secret {@code path}. Lowering {@code maxVersions} removes the
   * oldest versions at once.
   *
   * @throws SecretNotFoundException if there is no such secret
   */
  public void updateMetadata(String path, MetadataUpdate update) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(update, "update");
    run(Operation.UPDATE_METADATA, Target.path(path), () -> engine.updateMetadata(path, update));
  }

  /**
   * Counts of secrets and versions, and the secrets past or near their rotation deadline.
   * Decrypts every name: takes time in proportion to the store's size.
   */
  public StoreStatus status() throws IOException, GeneralSecurityException {
    return metrics.time(Operation.STATUS, engine::status);
  }

  /**
   * Changes the key-encryption key: the store's keysets are wrapped under a key from
   * {@code provider} (a new passphrase, or another kind of provider) in one transaction. Values
   * are not re-encrypted, so this takes the time of one key derivation whatever the store's
   * size. Afterwards the store opens only with the new provider.
   *
   * <p><b>Warning:</b> other processes that have the store open keep working, but must reopen it
   * with the new key before they can follow a later {@link #rotateKeys()}.
   */
  public void changeKeyProvider(dev.sectools.secrets.keys.KeyProvider provider)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(provider, "provider");
    run(Operation.CHANGE_KEY_PROVIDER, new Target(null, 0, 0), () -> engine.changeKeyProvider(provider));
  }

  /**
   * Adds a fresh data key and makes it the primary: new versions are encrypted with it, older
   * ones stay readable under their keys until {@link #reencrypt} moves them.
   *
   * @return the new primary key's id
   */
  public long rotateKeys() throws IOException, GeneralSecurityException {
    long id = metrics.time(Operation.ROTATE_KEYS, engine::rotateKeys);
    metrics.keyRotated(false);
    return id;
  }

  /**
   * Re-encrypts every stored version that is not under the primary key, in batches of a few
   * hundred, each its own transaction: memory stays flat, other readers and writers get turns,
   * and an interrupted run loses at most one batch; running it again resumes.
   *
   * @param progress told after each batch (versions done, versions to do)
   * @return how many versions were re-encrypted
   */
  public long reencrypt(ReencryptProgress progress) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(progress, "progress");
    long[] counted = {0};
    return metrics.time(Operation.REENCRYPT, () -> engine.reencrypt((done, total) -> {
      metrics.reencrypted(done - counted[0]);
      counted[0] = done;
      progress.update(done, total);
    }));
  }

  /**
   * Writes a backup of the whole store to {@code out}: one encrypted stream of a consistent
   * snapshot, taken while the store stays in use. Memory stays flat whatever the store's size.
   * {@code out} is flushed, not closed.
   *
   * <p>The backup holds the store's keysets and rows as they are stored (values, names and
   * metadata stay encrypted and are never decrypted), inside a Tink streaming AEAD
   * (AES-256-GCM-HKDF, 1 MiB segments) under a fresh backup key. That key is wrapped in the
   * backup's cleartext header by the store's own key-encryption key, or by a key from
   * {@link BackupOptions.Builder#backupKey} (a separate backup passphrase). The header (store id,
   * time, counts, how the key is wrapped) is authenticated with the stream, and the stream ends
   * with an authenticated record of its counts: a backup changed or cut anywhere is refused by
   * {@link #restore}. See docs/secrets.md, "Backup and restore".
   *
   * <p><b>Warning:</b> the backup is as strong as the key that wraps it: whoever has it and the
   * store's passphrase (or the backup passphrase) has every secret in it, including versions
   * since deleted from the store. Write it somewhere private, for example through
   * {@link dev.sectools.fs.ConfinedRoot#newAtomicOutputStream}, which creates files {@code 0600}.
   *
   * @return counts and size of what was written
   * @throws StoreAccessDeniedException if another process changed the store's key provider since
   *     this store was opened (reopen it), or the separate backup key cannot be made
   * @throws IOException if writing to {@code out} fails; what was written is not a backup
   */
  public BackupSummary backup(java.io.OutputStream out, BackupOptions options)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(options, "options");
    return metrics.time(Operation.BACKUP,
        () -> engine.backup(out, options.backupKey().orElse(null), options.progress()));
  }

  /**
   * Restores a backup written by {@link #backup} into a new store at {@code target}, and opens it.
   * Everything is verified before anything is visible: the header, every segment of the stream,
   * its end record, and that every name, metadata entry and value decrypts under the backup's
   * keys. The rows go to a private temporary file in the target directory that becomes
   * {@code store.db} only when all checks pass; on any failure it is removed, with the directory
   * if the restore created it.
   *
   * <p>The restored store has the original store's id, keys, secrets, versions (deleted and
   * destroyed ones as they were) and metadata. Its keysets are wrapped by a new key from
   * {@code target}'s key provider, which may be of another kind or another passphrase than the
   * original's.
   *
   * @param in the backup; read to its end, not closed
   * @param backupKey unlocks the backup key: a provider of the kind and with the secret the
   *     backup was wrapped with (the original store's passphrase, or the backup passphrase)
   * @param progress told of versions restored
   * @throws java.nio.file.FileAlreadyExistsException if a store is already at {@code target}
   *     (it is not touched)
   * @throws BackupFormatException if {@code in} is not a sectools backup, or from a newer sectools
   * @throws IntegrityException if the backup was changed, truncated or is malformed
   * @throws StoreAccessDeniedException if {@code backupKey} does not unlock the backup
   */
  public static SecretStore restore(java.io.InputStream in, StoreConfig target,
      dev.sectools.secrets.keys.KeyProvider backupKey, Progress progress) throws IOException, GeneralSecurityException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(backupKey, "backupKey");
    Objects.requireNonNull(progress, "progress");
    StoreMetrics metrics = StoreMetrics.of(target);
    long start = System.nanoTime();
    StoreEngine engine = metrics.time(Operation.RESTORE,
        () -> BackupRestorer.restore(in, target, backupKey, progress, metrics));
    return started(engine, metrics, target, Operation.RESTORE, System.nanoTime() - start);
  }

  /**
   * Copies the store {@code from} names to a new store where {@code to} says, on the same or
   * another backend (the SQLite file of a directory, or a PostgreSQL database): to move a store
   * to a shared database when a team outgrows one host, or back. Nothing is decrypted and no
   * key is needed: the store header (store id, keysets wrapped by the same key-encryption key,
   * key provider record) and every row are copied as stored, so the copy opens exactly as the
   * source did and every ciphertext stays bound to the same store id. The copy is read back and
   * compared (SHA-256 over every row) before it becomes visible.
   *
   * <p>The source is read in one snapshot and never changed; writes to it after that snapshot
   * are not in the copy, so stop writers first. If the migration fails or is interrupted, no
   * store appears at {@code to} (an interrupted SQLite target may leave a hidden temporary file
   * there, never a store): run it again. The audit logs, local to each host, are not copied.
   *
   * <p><b>Warning:</b> afterwards two stores share one store id and key: retire the source
   * (back it up, then delete it), or their histories diverge.
   *
   * @param progress told of versions copied
   * @return what was copied and checked
   * @throws java.nio.file.NoSuchFileException if there is no store at {@code from}
   * @throws java.nio.file.FileAlreadyExistsException if a store is already at {@code to} (not touched)
   * @throws IntegrityException if the copy read back differs from the source (nothing is kept)
   */
  public static MigrationSummary migrate(StoreConfig from, StoreConfig to, Progress progress)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(progress, "progress");
    return StoreCopier.copy(from, to, progress);
  }

  /**
   * Writes the current value of every secret under {@code prefix} ({@code ""}: all) <b>in the
   * clear</b> to {@code out}, as JSON or dotenv, for migration to another tool. One consistent
   * snapshot, sorted by path. Only current, live versions are written: no history, no metadata.
   * {@code out} is flushed, not closed.
   *
   * <p><b>Warning:</b> everything written is plaintext. The caller owns {@code out} and its
   * permissions: prefer {@link #exportPlaintextInsecure(java.nio.file.Path, PlaintextFormat, String)},
   * which creates a {@code 0600} file, and delete the export as soon as it has been imported.
   * The values also pass through the heap as characters, which cannot be wiped reliably.
   *
   * @return how many secrets were written
   * @throws PlaintextFormatException if a secret cannot be written in {@code format} (dotenv: a
   *     name that is not a variable name, a value that is not UTF-8 text); what was written so far
   *     is incomplete
   */
  public int exportPlaintextInsecure(java.io.OutputStream out, PlaintextFormat format, String prefix)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(prefix, "prefix");
    return metrics.time(Operation.EXPORT, () -> {
      PlaintextCodec.EntryWriter entries = new PlaintextCodec.EntryWriter(out, format, prefix);
      engine.exportPlaintext(prefix, entries::entry);
      return entries.end();
    });
  }

  /**
   * Writes the plaintext export of {@link #exportPlaintextInsecure(java.io.OutputStream,
   * PlaintextFormat, String)} to a new file, created {@code 0600} through {@link ConfinedRoot}
   * (its directory must not be a link), atomically: the file appears whole or not at all.
   *
   * <p><b>Warning:</b> the file holds every value in the clear. Delete it once imported.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists (it is not replaced)
   * @throws IllegalArgumentException if {@code file} is not absolute
   */
  public int exportPlaintextInsecure(java.nio.file.Path file, PlaintextFormat format, String prefix)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(file, "file");
    java.nio.file.Path parent = file.getParent();
    java.nio.file.Path name = file.getFileName();
    if (!file.isAbsolute() || parent == null || name == null) {
      throw new IllegalArgumentException("export file must be an absolute path to a file, was " + file);
    }
    try (ConfinedRoot root = ConfinedRoot.open(parent);
         AtomicOutputStream out = root.newAtomicOutputStream(name.toString(), WriteOptions.builder()
             .mode(WriteMode.CREATE_NEW).maxSizeBytes(PlaintextCodec.MAX_INPUT_BYTES).build())) {
      int n = exportPlaintextInsecure(out, format, prefix);
      out.commit();
      return n;
    }
  }

  /**
   * Reads plaintext secrets in {@code format} from {@code in} and writes each as the next version
   * of its path, <b>all in one transaction</b>: if any line is malformed, any path invalid or
   * given twice, or any secret requires check-and-set, nothing is written. JSON names are full
   * paths; dotenv names get {@code prefix} in front ({@code "app/"} + {@code DB_PASSWORD}).
   * The whole input (at most 64 MiB) is read and held in memory first; the copies are wiped
   * when done. {@code in} is not closed.
   *
   * <p><b>Warning:</b> the input is plaintext; delete the file it came from once imported.
   *
   * @param prefix put in front of every dotenv name; ignored for JSON
   * @param progress told of secrets written, every thousand
   * @return how many secrets were written
   * @throws PlaintextFormatException naming the first bad line (never a value); nothing is written
   * @throws VersionConflictException if a secret requires check-and-set; nothing is written
   */
  public int importPlaintextInsecure(java.io.InputStream in, PlaintextFormat format, String prefix, Progress progress)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(progress, "progress");
    return metrics.time(Operation.IMPORT, () -> {
      Map<String, byte[]> values = PlaintextCodec.read(in, format, prefix);
      try {
        return engine.putAll(values, progress).size();
      } finally {
        values.values().forEach(v -> Arrays.fill(v, (byte) 0));
      }
    });
  }

  /** The data keys: id, state, creation time and how many versions each still encrypts. */
  public List<DataKeyInfo> keys() throws IOException, GeneralSecurityException {
    return metrics.time(Operation.KEYS, engine::keys);
  }

  /**
   * Disables a data key that encrypts nothing (after {@link #reencrypt}).
   *
   * @throws IllegalStateException if it is the primary key or still encrypts versions
   * @throws IllegalArgumentException if there is no such key
   */
  public void disableKey(long keyId) throws IOException, GeneralSecurityException {
    run(Operation.DISABLE_KEY, Target.key(keyId), () -> engine.setKeyEnabled(keyId, false));
  }

  /**
   * Enables a disabled data key again.
   *
   * @throws IllegalArgumentException if there is no such key
   */
  public void enableKey(long keyId) throws IOException, GeneralSecurityException {
    run(Operation.ENABLE_KEY, Target.key(keyId), () -> engine.setKeyEnabled(keyId, true));
  }

  /**
   * Removes a disabled data key that encrypts nothing from the keyset, for good.
   *
   * @throws IllegalStateException if it is enabled, primary, or still encrypts versions
   * @throws IllegalArgumentException if there is no such key
   */
  public void destroyKey(long keyId) throws IOException, GeneralSecurityException {
    run(Operation.DESTROY_KEY, Target.key(keyId), () -> engine.destroyKey(keyId));
  }

  private static long[] checked(long[] versions) {
    for (long v : versions) {
      if (v < 1) {
        throw new IllegalArgumentException("versions start at 1, was " + v);
      }
    }
    return versions.clone();
  }

  private static Target target(String path, long[] versions) {
    return versions.length == 1 ? Target.version(path, versions[0]) : Target.path(path);
  }

  private void run(Operation operation, Target target, Action action) throws IOException, GeneralSecurityException {
    metrics.time(operation, target, () -> {
      action.run();
      return null;
    });
  }

  @FunctionalInterface
  private interface Action {
    void run() throws IOException, GeneralSecurityException;
  }

  /**
   * Checks the audit log's chain across its rotated files with this store's key: the first line
   * altered, inserted, removed, out of order or cut short is named with its file and line.
   *
   * @throws IllegalStateException if the store keeps no audit log
   */
  public AuditVerification verifyAudit() throws IOException, GeneralSecurityException {
    if (!(metrics instanceof AuditTrail trail)) {
      throw new IllegalStateException("this store was opened without an audit log (StoreConfig.audit)");
    }
    return AuditTrail.verify(trail.file(), engine);
  }

  /**
   * The keyed hash of {@code path} as the audit log shows it ({@code hmac-sha256:<hex>}), like
   * Vault's {@code audit-hash}: search the log for it to find the events on that path.
   */
  public String auditHash(String path) throws GeneralSecurityException {
    return AuditTrail.hash(engine, Objects.requireNonNull(path, "path"));
  }

  /** Closes the database and removes the store's gauges. Buffers already returned stay valid. */
  @Override
  public void close() throws IOException {
    metrics.close();
    engine.close();
  }

  @Override
  public String toString() {
    return "SecretStore";
  }
}
