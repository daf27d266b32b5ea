package dev.sectools.internal.secrets;

import dev.sectools.secrets.VersionState;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The records inside a backup's encrypted stream, each a tag byte and its fields:
 *
 * <pre>
 * 'K' data keyset | MAC keyset (Tink binary, unencrypted: the stream encrypts them)
 *     | n u32 | n × (header name UTF, value bytes)      the store header's other entries
 * 'S' a secret row: path id, name ciphertext, settings, metadata ciphertext, times
 * 'V' a version row of the last secret: number, state, time, key id, value ciphertext or none
 * 'E' secrets i64 | versions i64                          the authenticated end: nothing follows
 * </pre>
 *
 * Byte arrays are a u32 length ({@code -1}: null) and the bytes. Rows are the database's own:
 * values, names and metadata stay in their ciphertexts, bound to the store id and path id.
 */
final class BackupRecords {
  static final int KEYS = 'K';
  static final int SECRET = 'S';
  static final int VERSION = 'V';
  static final int END = 'E';

  /** The largest byte array a record may hold: far above any stored value. */
  private static final int MAX_BYTES = 64 * 1024 * 1024;

  private BackupRecords() {}

  static void writeSecret(DataOutputStream out, SecretRow row) throws IOException {
    out.writeByte(SECRET);
    writeBytes(out, row.pathId);
    writeBytes(out, row.nameCiphertext);
    out.writeLong(row.currentVersion);
    out.writeInt(row.maxVersions);
    out.writeBoolean(row.casRequired);
    out.writeLong(row.deleteAfterMillis);
    out.writeBoolean(row.rotation != null);
    if (row.rotation != null) {
      out.writeUTF(row.rotation);
    }
    writeBytes(out, row.metaCiphertext);
    out.writeLong(row.createdMillis);
    out.writeLong(row.updatedMillis);
  }

  static SecretRow readSecret(DataInputStream in) throws IOException {
    byte[] pathId = readBytes(in);
    byte[] name = readBytes(in);
    long current = in.readLong();
    int maxVersions = in.readInt();
    boolean cas = in.readBoolean();
    long deleteAfter = in.readLong();
    String rotation = in.readBoolean() ? in.readUTF() : null;
    byte[] meta = readBytes(in);
    return new SecretRow(pathId, name, current, maxVersions, cas, deleteAfter, rotation, meta, in.readLong(),
        in.readLong());
  }

  static void writeVersion(DataOutputStream out, VersionRow row) throws IOException {
    out.writeByte(VERSION);
    out.writeLong(row.version);
    out.writeByte(row.state.ordinal());
    out.writeLong(row.createdMillis);
    out.writeLong(row.keyId);
    writeBytes(out, row.ciphertext);
  }

  static VersionRow readVersion(DataInputStream in) throws IOException {
    long version = in.readLong();
    int state = in.readUnsignedByte();
    VersionState[] states = VersionState.values();
    if (state >= states.length) {
      throw new EOFException("unknown version state"); // malformed: reported as an integrity failure
    }
    return new VersionRow(version, states[state], in.readLong(), in.readLong(), readBytes(in));
  }

  static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > MAX_BYTES) {
      throw new EOFException("bad length"); // malformed: reported as an integrity failure
    }
    byte[] out = new byte[n];
    in.readFully(out);
    return out;
  }
}
