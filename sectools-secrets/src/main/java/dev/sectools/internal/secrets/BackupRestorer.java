package dev.sectools.internal.secrets;

import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.secrets.IntegrityException;
import dev.sectools.secrets.Progress;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.WrappingKey;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Restores a backup into a new store. Everything is checked before anything is visible: the
 * rows go into a storage that becomes the store only at the end ({@link StoreLocation#fill}),
 * every name, metadata and value ciphertext is decrypted under the backup's keys as it arrives,
 * and the stream must end with its authenticated end record and last segment. On any failure
 * nothing is left behind.
 */
public final class BackupRestorer {
  /** Versions inserted per transaction into the temporary database. */
  static final int BATCH = 1000;
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final String DENIED = "cannot unlock the backup: wrong key or passphrase";

  private final StoreConfig target;
  private final Progress progress;
  private StoreKeys keys;
  private SecretRow current;
  private long lastVersion;
  private long secrets;
  private long versions;

  private BackupRestorer(StoreConfig target, Progress progress) {
    this.target = target;
    this.progress = progress;
  }

  /**
   * Restores the backup {@code in} into a new store at {@code target}, unlocking its key with
   * {@code backupKey}, and opens it.
   *
   * @throws FileAlreadyExistsException if a store is already there (it is not touched)
   * @throws dev.sectools.secrets.BackupFormatException if {@code in} is no sectools backup
   * @throws IntegrityException if the backup was changed, cut short or is malformed
   * @throws StoreAccessDeniedException if {@code backupKey} does not unlock it
   */
  public static StoreEngine restore(InputStream in, StoreConfig target, KeyProvider backupKey, Progress progress,
      StoreMetrics metrics) throws IOException, GeneralSecurityException {
    StoreLocation location = StoreLocation.of(target);
    location.requireNoStore();
    SourceInput source = new SourceInput(in);
    BackupHeader header = BackupHeader.read(source);
    StreamingAead aead = unlock(header, backupKey);
    WrappingKey kek = target.keyProvider().create();
    BackupRestorer restorer = new BackupRestorer(target, progress);
    location.fill(storage -> restorer.load(storage, header, aead, source, kek));
    return StoreOpener.open(target, metrics, kek);
  }

  private static StreamingAead unlock(BackupHeader header, KeyProvider backupKey)
      throws IOException, GeneralSecurityException {
    if (!header.providerKind.equals(backupKey.kind())) {
      throw new StoreAccessDeniedException("the backup key is wrapped by a key provider of kind '"
          + header.providerKind + "', not '" + backupKey.kind() + "'");
    }
    try {
      WrappingKey key = backupKey.open(header.keyParameters);
      KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset(header.wrappedKey, key.aead(),
          BackupHeader.keyAssociatedData(header.storeId));
      return handle.getPrimitive(ConfigurationV0.get(), StreamingAead.class);
    } catch (GeneralSecurityException | RuntimeException e) {
      // One message whatever failed: the parameters, the key, or the wrapped backup key.
      throw new StoreAccessDeniedException(DENIED);
    }
  }

  private void load(Storage storage, BackupHeader header, StreamingAead aead, SourceInput source, WrappingKey kek)
      throws IOException, GeneralSecurityException {
    storage.inTransaction(Mode.WRITE, () -> {
      storage.createSchema();
      return null;
    });
    InputStream plain = new VerifiedInput(aead.newDecryptingStream(source, header.encoded()), source);
    try (DataInputStream data = new DataInputStream(new BufferedInputStream(plain, BUFFER_BYTES))) {
      readAll(data, storage, header, kek);
    } catch (EOFException e) {
      throw new IntegrityException(); // authenticated, yet malformed or short
    } catch (TamperedException e) {
      throw new IntegrityException();
    }
  }

  private void readAll(DataInputStream data, Storage storage, BackupHeader header, WrappingKey kek)
      throws IOException, GeneralSecurityException {
    if (data.read() != BackupRecords.KEYS) {
      throw new IntegrityException();
    }
    storage.inTransaction(Mode.WRITE, () -> {
      readKeys(data, storage, header, kek);
      return null;
    });
    boolean end = false;
    while (!end) {
      end = storage.inTransaction(Mode.WRITE, () -> readBatch(data, storage, header));
    }
    if (data.readLong() != secrets || data.readLong() != versions || secrets != header.secrets
        || versions != header.versions || data.read() != -1) {
      throw new IntegrityException(); // reading past the end also checks the last segment's tag
    }
    progress.update(versions, versions);
  }

  private void readKeys(DataInputStream data, Storage storage, BackupHeader header, WrappingKey kek)
      throws IOException, GeneralSecurityException {
    byte[] dataKeyset = BackupRecords.readBytes(data);
    byte[] macKeyset = BackupRecords.readBytes(data);
    if (dataKeyset == null || macKeyset == null) {
      throw new IntegrityException();
    }
    try {
      keys = StoreKeys.importUnwrapped(header.storeId, dataKeyset, macKeyset);
    } catch (GeneralSecurityException e) {
      throw new IntegrityException();
    } finally {
      Arrays.fill(dataKeyset, (byte) 0);
      Arrays.fill(macKeyset, (byte) 0);
    }
    storage.putHeader(StoreOpener.FORMAT, Integer.toString(StoreOpener.FORMAT_VERSION)
        .getBytes(StandardCharsets.UTF_8));
    storage.putHeader(StoreOpener.STORE_ID, header.storeId);
    storage.putHeader(StoreOpener.PROVIDER, target.keyProvider().kind().getBytes(StandardCharsets.UTF_8));
    storage.putHeader(StoreOpener.KEY_PARAMETERS, kek.parameters());
    storage.putHeader(KeyRing.DATA_KEYSET, keys.wrapData(kek.aead()));
    storage.putHeader(KeyRing.MAC_KEYSET, keys.wrapMac(kek.aead()));
    storage.putHeader(KeyRing.GENERATION, ByteBuffer.allocate(Long.BYTES).putLong(0).array());
    int n = data.readInt();
    if (n < 0 || n > 1024) {
      throw new IntegrityException();
    }
    for (int i = 0; i < n; i++) {
      String name = data.readUTF();
      byte[] value = BackupRecords.readBytes(data);
      if (value == null || BackupWriter.REWRITTEN.contains(name)) {
        throw new IntegrityException();
      }
      storage.putHeader(name, value);
    }
  }

  // One transaction's worth of rows; true once the end record is reached.
  private boolean readBatch(DataInputStream data, Storage storage, BackupHeader header)
      throws IOException, GeneralSecurityException {
    for (int rows = 0; rows < BATCH; rows++) {
      int tag = data.read();
      if (tag == BackupRecords.END) {
        return true;
      } else if (tag == BackupRecords.SECRET) {
        secret(BackupRecords.readSecret(data), storage);
      } else if (tag == BackupRecords.VERSION) {
        version(BackupRecords.readVersion(data), storage);
        if (versions % BackupWriter.PROGRESS_EVERY == 0) {
          progress.update(versions, Math.max(versions, header.versions));
        }
      } else {
        throw new IntegrityException(); // -1 included: the stream ended without its end record
      }
    }
    return false;
  }

  private void secret(SecretRow row, Storage storage) throws IOException, GeneralSecurityException {
    if (row.pathId == null || row.pathId.length != StoreKeys.PATH_ID_BYTES || row.nameCiphertext == null
        || row.currentVersion < 1 || row.maxVersions < 1) {
      throw new IntegrityException();
    }
    keys.decryptName(row.pathId, row.nameCiphertext); // the name is bound to the store and path
    if (row.metaCiphertext != null) {
      Arrays.fill(keys.decryptMetadata(row.pathId, row.metaCiphertext), (byte) 0);
    }
    if (row.rotation != null) {
      Codecs.rotation(row.rotation);
    }
    storage.insertSecret(row);
    current = row;
    lastVersion = 0;
    secrets++;
  }

  private void version(VersionRow row, Storage storage) throws IOException, GeneralSecurityException {
    if (current == null || row.version <= lastVersion || row.version > current.currentVersion) {
      throw new IntegrityException();
    }
    if (row.ciphertext != null) {
      Arrays.fill(keys.decryptValue(current.pathId, row.version, row.ciphertext), (byte) 0);
    }
    storage.insertVersion(current.pathId, row);
    lastVersion = row.version;
    versions++;
  }

  /** The caller's stream, remembering whether it failed: its errors are the environment's. */
  private static final class SourceInput extends FilterInputStream {
    private boolean failed;

    SourceInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public void close() {
      // The caller owns its stream.
    }
  }

  /**
   * The decrypted stream. A failure that is not the source's is Tink refusing a segment: a
   * changed or cut backup, reported as {@link TamperedException}.
   */
  private static final class VerifiedInput extends FilterInputStream {
    private final SourceInput source;

    VerifiedInput(InputStream decrypted, SourceInput source) {
      super(decrypted);
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException | RuntimeException e) {
        throw classify(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        throw classify(e);
      }
    }

    private IOException classify(Exception e) {
      if (source.failed && e instanceof IOException io) {
        return io;
      }
      return new TamperedException();
    }
  }

  /** Tink refused the stream; becomes an {@link IntegrityException} with no cause. */
  private static final class TamperedException extends IOException {
    private static final long serialVersionUID = 1L;

    TamperedException() {
      super("backup stream failed verification");
    }
  }
}
