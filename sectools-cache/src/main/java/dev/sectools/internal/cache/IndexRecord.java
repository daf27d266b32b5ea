package dev.sectools.internal.cache;

import dev.sectools.cache.Sha256;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The file cache's per-key index record, and the file name it lives under.
 *
 * <pre>
 * "STC1" | u16 namespace length | namespace | u16 key length | key | sha256 (32) | u64 size
 *        | u64 created (epoch ms) | u32 meta length | meta | SHA-256 of everything before (32)
 * </pre>
 *
 * A record whose checksum fails, that cannot be parsed, or that names another key decodes to
 * nothing: the cache treats it as a miss. The checksum catches torn and damaged records; it is no
 * defence against someone who writes a consistent record, which is why {@code get} also checks the
 * content against the SHA-256 the caller expects, and why the signing layer exists.
 */
final class IndexRecord {
  private static final byte[] MAGIC = {'S', 'T', 'C', '1'};
  /** Room for a signed record with the chunk tags of a 15 GiB entry. */
  static final int MAX_META_BYTES = 1 << 20;
  private static final HexFormat HEX = HexFormat.of();

  private IndexRecord() {}

  /** The index file name of {@code key}: hex SHA-256 of its encoding, so any key makes a safe name. */
  static String fileName(EntryKey key) {
    return HEX.formatHex(Verifier.sha256().digest(key.encoded()));
  }

  static byte[] encode(Lookup l) {
    byte[] ns = l.key().namespace().getBytes(StandardCharsets.UTF_8);
    byte[] k = l.key().key().getBytes(StandardCharsets.UTF_8);
    byte[] meta = l.meta();
    if (meta.length > MAX_META_BYTES) {
      throw new IllegalArgumentException("meta is at most " + MAX_META_BYTES + " bytes, was " + meta.length);
    }
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + ns.length + 2 + k.length + Sha256.BYTES + 8 + 8 + 4
        + meta.length + Sha256.BYTES);
    b.put(MAGIC).putShort((short) ns.length).put(ns).putShort((short) k.length).put(k).put(l.sha().bytes())
        .putLong(l.size()).putLong(l.created().toEpochMilli()).putInt(meta.length).put(meta);
    MessageDigest md = Verifier.sha256();
    md.update(b.array(), 0, b.position());
    b.put(md.digest());
    return b.array();
  }

  /** The record in {@code bytes}, if it is intact and belongs to {@code expected} (any key if null). */
  static Optional<Lookup> decode(byte[] bytes, EntryKey expected) {
    if (bytes.length < MAGIC.length + Sha256.BYTES) {
      return Optional.empty();
    }
    int body = bytes.length - Sha256.BYTES;
    MessageDigest md = Verifier.sha256();
    md.update(bytes, 0, body);
    if (!MessageDigest.isEqual(md.digest(), Arrays.copyOfRange(bytes, body, bytes.length))
        || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return Optional.empty();
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes, MAGIC.length, body - MAGIC.length);
      String ns = text(b, Short.toUnsignedInt(b.getShort()));
      String k = text(b, Short.toUnsignedInt(b.getShort()));
      byte[] sha = new byte[Sha256.BYTES];
      b.get(sha);
      long size = b.getLong();
      Instant created = Instant.ofEpochMilli(b.getLong());
      int metaLength = b.getInt();
      if (metaLength < 0 || metaLength != b.remaining() || size < 0) {
        return Optional.empty();
      }
      byte[] meta = new byte[metaLength];
      b.get(meta);
      EntryKey key = new EntryKey(ns, k);
      if (expected != null && !expected.equals(key)) {
        return Optional.empty();
      }
      return Optional.of(new Lookup(key, Sha256.ofBytes(sha), size, created, meta));
    } catch (BufferUnderflowException | CharacterCodingException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  private static String text(ByteBuffer b, int length) throws CharacterCodingException {
    ByteBuffer slice = b.slice(b.position(), length);
    b.position(b.position() + length);
    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
  }
}
