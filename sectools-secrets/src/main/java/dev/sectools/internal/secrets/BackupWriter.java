package dev.sectools.internal.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.secrets.BackupSummary;
import dev.sectools.secrets.Progress;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.StoreFormatException;
import dev.sectools.secrets.keys.KeyProvider;
import dev.sectools.secrets.keys.WrappingKey;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Writes a backup: a {@link BackupHeader}, then one Tink {@link StreamingAead} stream
 * (AES-256-GCM-HKDF, 1 MiB segments) of {@link BackupRecords} under a fresh backup key, wrapped
 * in the header by the store's KEK or a separate key.
 *
 * <p>The rows come from one read transaction on a {@link Storage#reader()} of the backup's own:
 * a snapshot that blocks neither this store's other operations nor other processes' writers. Values are never decrypted: the backup carries the rows' ciphertexts and the keysets
 * that open them, so a restore is byte-for-byte the store as it was.
 */
final class BackupWriter {
  /** Header entries a backup does not copy: the restore writes its own. */
  static final Set<String> REWRITTEN = Set.of(StoreOpener.FORMAT, StoreOpener.STORE_ID, StoreOpener.PROVIDER,
      StoreOpener.KEY_PARAMETERS, KeyRing.DATA_KEYSET, KeyRing.MAC_KEYSET, KeyRing.GENERATION);

  static final int PROGRESS_EVERY = 1000;
  private static final int BUFFER_BYTES = 64 * 1024;

  static {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private BackupWriter() {}

  static BackupSummary write(Storage live, KeyRing ring, StoreConfig config, OutputStream out,
      KeyProvider separate, Progress progress) throws IOException, GeneralSecurityException {
    WrappingKey separateKey = separate == null ? null : separate.create(); // the KDF, before the snapshot
    try (Storage snapshot = live.reader()) {
      return snapshot.inTransaction(Mode.READ, () -> {
        Map<String, byte[]> header = snapshot.header();
        long[] counts = snapshot.counts();
        byte[] storeId = header.get(StoreOpener.STORE_ID);
        StoreKeys keys = keysOf(header, storeId, ring.kek());
        String kind = separate == null
            ? new String(header.get(StoreOpener.PROVIDER), StandardCharsets.UTF_8) : separate.kind();
        byte[] parameters = separate == null ? header.get(StoreOpener.KEY_PARAMETERS) : separateKey.parameters();
        Aead wrapper = separate == null ? ring.kek() : separateKey.aead();
        KeysetHandle backupKey = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
        BackupHeader h = new BackupHeader(storeId, config.clock().millis(), counts[0], counts[1],
            separate == null ? BackupHeader.STORE_KEY : BackupHeader.SEPARATE_KEY, kind, parameters,
            TinkProtoKeysetFormat.serializeEncryptedKeyset(backupKey, wrapper,
                BackupHeader.keyAssociatedData(storeId)));
        return stream(snapshot, header, keys, h, backupKey.getPrimitive(ConfigurationV0.get(), StreamingAead.class),
            out, progress);
      });
    }
  }

  // The snapshot's keysets, unwrapped with this process's KEK. If another process changed the
  // key provider since this one opened the store, they do not unwrap: the caller must reopen.
  private static StoreKeys keysOf(Map<String, byte[]> header, byte[] storeId, Aead kek)
      throws StoreFormatException, StoreAccessDeniedException {
    if (storeId == null || header.get(KeyRing.DATA_KEYSET) == null || header.get(KeyRing.MAC_KEYSET) == null) {
      throw new StoreFormatException("the store header is incomplete");
    }
    try {
      return StoreKeys.unwrap(storeId, header.get(KeyRing.DATA_KEYSET), header.get(KeyRing.MAC_KEYSET), kek);
    } catch (GeneralSecurityException e) {
      throw new StoreAccessDeniedException("the store's key changed since it was opened: reopen it to back it up");
    }
  }

  private static BackupSummary stream(Storage snapshot, Map<String, byte[]> header, StoreKeys keys,
      BackupHeader h, StreamingAead aead, OutputStream out, Progress progress)
      throws IOException, GeneralSecurityException {
    CountingOutputStream counted = new CountingOutputStream(out);
    byte[] headerBytes = h.encoded();
    counted.write(headerBytes);
    long[] seen = new long[2];
    try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(
        aead.newEncryptingStream(counted, headerBytes), BUFFER_BYTES))) {
      writeKeys(data, header, keys);
      snapshot.scan(new Storage.RowSink() {
        @Override
        public void secret(SecretRow row) throws IOException {
          BackupRecords.writeSecret(data, row);
          seen[0]++;
        }

        @Override
        public void version(VersionRow row) throws IOException {
          BackupRecords.writeVersion(data, row);
          if (++seen[1] % PROGRESS_EVERY == 0) {
            progress.update(seen[1], Math.max(seen[1], h.versions));
          }
        }
      });
      if (seen[0] != h.secrets || seen[1] != h.versions) {
        throw new IllegalStateException("the snapshot changed during the backup: counted " + h.secrets + " and "
            + h.versions + ", read " + seen[0] + " and " + seen[1]);
      }
      data.writeByte(BackupRecords.END);
      data.writeLong(seen[0]);
      data.writeLong(seen[1]);
    } // closing writes the last segment, marked as last
    counted.flush();
    progress.update(seen[1], seen[1]);
    return new BackupSummary(seen[0], seen[1], counted.count, Instant.ofEpochMilli(h.takenMillis));
  }

  private static void writeKeys(DataOutputStream data, Map<String, byte[]> header, StoreKeys keys)
      throws IOException, GeneralSecurityException {
    byte[][] keysets = keys.exportUnwrapped();
    try {
      data.writeByte(BackupRecords.KEYS);
      BackupRecords.writeBytes(data, keysets[0]);
      BackupRecords.writeBytes(data, keysets[1]);
    } finally {
      Arrays.fill(keysets[0], (byte) 0);
      Arrays.fill(keysets[1], (byte) 0);
    }
    Map<String, byte[]> kept = new java.util.TreeMap<>(header);
    kept.keySet().removeAll(REWRITTEN);
    data.writeInt(kept.size());
    for (Map.Entry<String, byte[]> e : kept.entrySet()) {
      data.writeUTF(e.getKey());
      BackupRecords.writeBytes(data, e.getValue());
    }
  }

  /** Counts bytes on their way to the caller's stream, and never closes it. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() throws IOException {
      out.flush(); // the caller's stream stays open: the caller closes it
    }
  }
}
