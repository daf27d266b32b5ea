package dev.sectools.internal.secrets;

import dev.sectools.internal.secrets.Storage.Mode;
import dev.sectools.secrets.IntegrityException;
import dev.sectools.secrets.MigrationSummary;
import dev.sectools.secrets.Progress;
import dev.sectools.secrets.StoreConfig;
import dev.sectools.secrets.StoreFormatException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Copies a store to another backend (SQLite to PostgreSQL and back) as it is stored: the header
 * (store id, wrapped keysets, key provider record) and every row with its ciphertexts, none
 * decrypted, so the copy opens with the same key and every ciphertext stays bound to the same
 * store id. The source is read in one snapshot and never written. The target is filled through
 * {@link StoreLocation#fill}: it appears whole, after the copy was read back and found equal
 * (SHA-256 over every row, in the same order), or not at all.
 */
public final class StoreCopier {
  private StoreCopier() {}

  /**
   * Copies the store {@code from} names into a new store where {@code to} says.
   *
   * @throws java.nio.file.NoSuchFileException if there is no store at {@code from}
   * @throws java.nio.file.FileAlreadyExistsException if there is one at {@code to} (not touched)
   * @throws IntegrityException if the copy read back differs from the source
   */
  public static MigrationSummary copy(StoreConfig from, StoreConfig to, Progress progress)
      throws IOException, GeneralSecurityException {
    StoreLocation target = StoreLocation.of(to);
    try (Storage source = StoreLocation.of(from).open()) {
      target.requireNoStore();
      return source.inTransaction(Mode.READ, () -> {
        Map<String, byte[]> header = source.header();
        if (!header.containsKey(StoreOpener.FORMAT) || !header.containsKey(StoreOpener.STORE_ID)) {
          throw new StoreFormatException("the source's store header is incomplete");
        }
        long[] counts = source.counts();
        MigrationSummary[] summary = new MigrationSummary[1];
        target.fill(copy -> summary[0] = load(source, copy, header, counts, progress));
        return summary[0];
      });
    }
  }

  // Inside the source's read transaction and the target's fill: copies, then reads back.
  private static MigrationSummary load(Storage source, Storage copy, Map<String, byte[]> header, long[] counts,
      Progress progress) throws IOException, GeneralSecurityException {
    RowDigest written = new RowDigest(counts[1], progress);
    copy.inTransaction(Mode.WRITE, () -> {
      copy.createSchema();
      for (Map.Entry<String, byte[]> e : header.entrySet()) {
        copy.putHeader(e.getKey(), e.getValue());
      }
      source.scan(new Storage.RowSink() {
        private byte[] pathId; // of the last secret: the versions that follow are its

        @Override
        public void secret(SecretRow row) throws IOException {
          copy.insertSecret(row);
          written.secret(row);
          pathId = row.pathId.clone();
        }

        @Override
        public void version(VersionRow row) throws IOException {
          copy.insertVersion(pathId, row);
          written.version(row);
        }
      });
      return null;
    });
    RowDigest read = new RowDigest(counts[1], Progress.NONE);
    long[] copied = copy.inTransaction(Mode.READ, () -> {
      copy.scan(read);
      return copy.counts();
    });
    if (written.secrets != counts[0] || written.versions != counts[1] || copied[0] != counts[0]
        || copied[1] != counts[1] || !MessageDigest.isEqual(written.digest(), read.digest())) {
      throw new IntegrityException();
    }
    progress.update(counts[1], counts[1]);
    return new MigrationSummary(counts[0], counts[1], header.size());
  }

  /** SHA-256 over the rows seen, in their backup encoding; counts them and reports progress. */
  private static final class RowDigest implements Storage.RowSink {
    private final MessageDigest sha256;
    private final DataOutputStream out;
    private final long expectedVersions;
    private final Progress progress;
    long secrets;
    long versions;

    RowDigest(long expectedVersions, Progress progress) throws GeneralSecurityException {
      this.sha256 = MessageDigest.getInstance("SHA-256");
      this.out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
      this.expectedVersions = expectedVersions;
      this.progress = progress;
    }

    @Override
    public void secret(SecretRow row) throws IOException {
      BackupRecords.writeSecret(out, row);
      secrets++;
    }

    @Override
    public void version(VersionRow row) throws IOException {
      BackupRecords.writeVersion(out, row);
      if (++versions % BackupWriter.PROGRESS_EVERY == 0) {
        progress.update(versions, Math.max(versions, expectedVersions));
      }
    }

    byte[] digest() throws IOException {
      out.flush();
      return sha256.digest();
    }
  }
}
