package dev.sectools.internal.secrets;

import dev.sectools.secrets.BackupFormatException;
import dev.sectools.secrets.IntegrityException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The cleartext header of a backup, in front of its encrypted stream:
 *
 * <pre>
 * magic "SECTBKUP" (8) | format u16 | body length u32 | body:
 *   store id (16) | taken ms i64 | secrets i64 | versions i64 | key source u8 (1 store KEK, 2 separate)
 *   | key provider kind (UTF) | key parameters (u16 length, bytes) | wrapped backup key (u16 length, bytes)
 * </pre>
 *
 * The whole header, magic included, is the associated data of the stream: changing any byte of
 * it makes the first segment fail to decrypt. Nothing in it is secret.
 */
final class BackupHeader {
  static final int FORMAT_VERSION = 1;
  static final byte STORE_KEY = 1;
  static final byte SEPARATE_KEY = 2;

  private static final byte[] MAGIC = "SECTBKUP".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEY_DOMAIN = "sectools/backup-key/v1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_BODY_BYTES = 64 * 1024;

  final byte[] storeId;
  final long takenMillis;
  final long secrets;
  final long versions;
  final byte keySource;
  final String providerKind;
  final byte[] keyParameters;
  final byte[] wrappedKey;
  private final byte[] encoded;

  BackupHeader(byte[] storeId, long takenMillis, long secrets, long versions, byte keySource,
      String providerKind, byte[] keyParameters, byte[] wrappedKey) {
    this.storeId = storeId.clone();
    this.takenMillis = takenMillis;
    this.secrets = secrets;
    this.versions = versions;
    this.keySource = keySource;
    this.providerKind = providerKind;
    this.keyParameters = keyParameters.clone();
    this.wrappedKey = wrappedKey.clone();
    this.encoded = encode();
  }

  /** The header's bytes, as written: also the stream's associated data. */
  byte[] encoded() {
    return encoded.clone();
  }

  /** The associated data of the wrapped backup key: it belongs to one store's backups. */
  static byte[] keyAssociatedData(byte[] storeId) {
    return ByteBuffer.allocate(KEY_DOMAIN.length + storeId.length).put(KEY_DOMAIN).put(storeId).array();
  }

  private byte[] encode() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (DataOutputStream b = new DataOutputStream(body); DataOutputStream a = new DataOutputStream(all)) {
      b.write(storeId);
      b.writeLong(takenMillis);
      b.writeLong(secrets);
      b.writeLong(versions);
      b.writeByte(keySource);
      b.writeUTF(providerKind);
      writeShortBytes(b, keyParameters);
      writeShortBytes(b, wrappedKey);
      b.flush();
      a.write(MAGIC);
      a.writeShort(FORMAT_VERSION);
      a.writeInt(body.size());
      a.write(body.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return all.toByteArray();
  }

  private static void writeShortBytes(DataOutputStream out, byte[] bytes) throws IOException {
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("key parameters or wrapped key too long: " + bytes.length + " bytes");
    }
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /**
   * Reads a header from the start of {@code in}, leaving {@code in} at the encrypted stream.
   *
   * @throws BackupFormatException if the input is no sectools backup, or of a newer format
   * @throws IntegrityException if the header is cut short or malformed
   */
  static BackupHeader read(InputStream in) throws IOException, IntegrityException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new BackupFormatException("not a sectools backup");
    }
    byte[] fixed = in.readNBytes(Short.BYTES + Integer.BYTES);
    if (fixed.length != Short.BYTES + Integer.BYTES) {
      throw new IntegrityException();
    }
    ByteBuffer f = ByteBuffer.wrap(fixed);
    int format = Short.toUnsignedInt(f.getShort());
    if (format > FORMAT_VERSION) {
      throw new BackupFormatException("the backup has format version " + format
          + ", written by a newer sectools; this version reads up to " + FORMAT_VERSION);
    }
    if (format < 1) {
      throw new BackupFormatException("invalid backup format version " + format);
    }
    int length = f.getInt();
    if (length <= 0 || length > MAX_BODY_BYTES) {
      throw new IntegrityException();
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IntegrityException();
    }
    try (DataInputStream b = new DataInputStream(new ByteArrayInputStream(body))) {
      byte[] storeId = new byte[StoreKeys.STORE_ID_BYTES];
      b.readFully(storeId);
      BackupHeader header = new BackupHeader(storeId, b.readLong(), b.readLong(), b.readLong(), b.readByte(),
          b.readUTF(), readShortBytes(b), readShortBytes(b));
      if (b.read() != -1 || header.secrets < 0 || header.versions < 0
          || (header.keySource != STORE_KEY && header.keySource != SEPARATE_KEY)) {
        throw new IntegrityException();
      }
      return header;
    } catch (IOException e) {
      throw new IntegrityException();
    }
  }

  private static byte[] readShortBytes(DataInputStream in) throws IOException {
    byte[] out = new byte[in.readUnsignedShort()];
    in.readFully(out);
    return out;
  }

  @Override
  public String toString() {
    return "BackupHeader[secrets=" + secrets + ", versions=" + versions + ", keySource=" + keySource + "]";
  }
}
