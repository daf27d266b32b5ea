package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ChunkTagsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] key(long seed) {
    return bytes(ChunkTags.KEY_BYTES, seed);
  }

  /** Poly1305 (RFC 8439, 2.5.1) written from the RFC with BigInteger: the reference. */
  private static byte[] poly1305(byte[] otk, byte[] msg) {
    byte[] rBytes = Arrays.copyOf(otk, 16);
    int[] clamp = {3, 7, 11, 15};
    for (int i : clamp) {
      rBytes[i] &= 15;
    }
    for (int i : new int[] {4, 8, 12}) {
      rBytes[i] &= (byte) 252;
    }
    BigInteger r = le(rBytes);
    BigInteger s = le(Arrays.copyOfRange(otk, 16, 32));
    BigInteger acc = BigInteger.ZERO;
    for (int i = 0; i < msg.length; i += 16) {
      byte[] block = Arrays.copyOfRange(msg, i, Math.min(i + 16, msg.length));
      BigInteger n = le(block).add(BigInteger.ONE.shiftLeft(8 * block.length));
      acc = acc.add(n).multiply(r).mod(P);
    }
    byte[] out = new byte[16];
    byte[] sum = acc.add(s).toByteArray();
    for (int i = 0; i < 16 && i < sum.length; i++) {
      out[i] = sum[sum.length - 1 - i];
    }
    return out;
  }

  private static BigInteger le(byte[] b) {
    byte[] be = new byte[b.length + 1];
    for (int i = 0; i < b.length; i++) {
      be[b.length - i] = b[i];
    }
    return new BigInteger(be);
  }

  /** The RFC 8439 AEAD tag (2.8) of associated data {@code aad} and no plaintext, built by hand. */
  private static byte[] referenceTag(byte[] key, long index, byte[] aad) throws Exception {
    byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) {
      nonce[11 - i] = (byte) (index >>> (8 * i));
    }
    Cipher chacha = Cipher.getInstance("ChaCha20");
    chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
    byte[] otk = Arrays.copyOf(chacha.doFinal(new byte[64]), 32); // block 0 keys Poly1305 (2.6)
    ByteArrayOutputStream macData = new ByteArrayOutputStream();
    macData.writeBytes(aad);
    macData.writeBytes(new byte[(16 - aad.length % 16) % 16]);
    byte[] lengths = new byte[16];
    for (int i = 0; i < 8; i++) {
      lengths[i] = (byte) ((long) aad.length >>> (8 * i)); // then 8 zero bytes: no ciphertext
    }
    macData.writeBytes(lengths);
    return poly1305(otk, macData.toByteArray());
  }

  @Test
  void reference_poly1305_matchesRfc8439Vector() {
    byte[] otk = HEX.parseHex("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    byte[] msg = "Cryptographic Forum Research Group".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(HEX.formatHex(poly1305(otk, msg))).isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  @Test
  void tag_isTheRfc8439AeadTagOfTheChunkAsAssociatedData() throws Exception {
    byte[] key = key(1);
    ChunkTags tags = ChunkTags.forEntry(key);
    for (int len : new int[] {0, 1, 15, 16, 17, 1000, ChunkTags.CHUNK_BYTES}) {
      byte[] chunk = bytes(len, len);
      for (long index : new long[] {0, 1, 255, 256, 1L << 40}) {
        assertThat(tags.tag(index, chunk, 0, len)).as("len %d index %d", len, index)
            .isEqualTo(referenceTag(key, index, chunk));
      }
    }
  }

  @Test
  void matches_onlyTheSameBytesAtTheSameIndexUnderTheSameKey() throws Exception {
    byte[] chunk = bytes(5000, 2);
    ChunkTags tags = ChunkTags.forEntry(key(2));
    byte[] tag = tags.tag(7, chunk, 0, chunk.length);
    assertThat(tags.matches(7, chunk, 0, chunk.length, tag, 0)).isTrue();
    assertThat(tags.matches(7, chunk, 0, chunk.length, tag, 0)).as("checking again with the same key is fine")
        .isTrue();
    assertThat(tags.matches(8, chunk, 0, chunk.length, tag, 0)).as("another index").isFalse();
    assertThat(tags.matches(7, chunk, 0, chunk.length - 1, tag, 0)).as("truncated").isFalse();
    assertThat(ChunkTags.forEntry(key(3)).matches(7, chunk, 0, chunk.length, tag, 0)).as("another key")
        .isFalse();
    for (int bit = 0; bit < 8; bit++) {
      byte[] flipped = chunk.clone();
      flipped[4321] ^= (byte) (1 << bit);
      assertThat(tags.matches(7, flipped, 0, flipped.length, tag, 0)).isFalse();
    }
    byte[] badTag = tag.clone();
    badTag[15] ^= 1;
    assertThat(tags.matches(7, chunk, 0, chunk.length, badTag, 0)).isFalse();
  }

  @Test
  void tagging_anyWriteSizes_givesOneTagPerChunkAsTagDoes() throws Exception {
    int size = 3 * ChunkTags.CHUNK_BYTES + 999;
    byte[] data = bytes(size, 4);
    ChunkTags tags = ChunkTags.forEntry(key(4));
    ByteArrayOutputStream passed = new ByteArrayOutputStream();
    ChunkTags.Tagging t = tags.tagging(passed);
    Random r = new Random(5);
    for (int at = 0; at < size; ) {
      int n = Math.min(size - at, r.nextInt(100_000));
      if (n == 1) {
        t.write(data[at]);
      } else {
        t.write(data, at, n);
      }
      at += n;
    }
    t.close();
    assertThat(passed.toByteArray()).isEqualTo(data);
    byte[] all = t.tags();
    assertThat(all).hasSize((int) ChunkTags.chunkCount(size) * ChunkTags.TAG_BYTES);
    for (int i = 0; i < ChunkTags.chunkCount(size); i++) {
      int len = ChunkTags.chunkLength(size, i);
      assertThat(tags.matches(i, data, i * ChunkTags.CHUNK_BYTES, len, all, i * ChunkTags.TAG_BYTES)).isTrue();
    }
  }

  @Test
  void tagging_exactChunkMultipleAndEmpty_noEmptyLastTag() throws Exception {
    ChunkTags tags = ChunkTags.forEntry(key(6));
    ChunkTags.Tagging t = tags.tagging(java.io.OutputStream.nullOutputStream());
    t.write(new byte[2 * ChunkTags.CHUNK_BYTES]);
    t.close();
    assertThat(t.tags()).hasSize(2 * ChunkTags.TAG_BYTES);
    ChunkTags.Tagging empty = tags.tagging(java.io.OutputStream.nullOutputStream());
    empty.close();
    assertThat(empty.tags()).isEmpty();
    assertThat(ChunkTags.chunkCount(0)).isZero();
  }

  @Test
  void support_flagsLine_needsIfmaVlAndBw() {
    assertThat(ChunkTagSupport.flagsInclude("flags\t\t: fpu sse2 avx2 avx512f avx512bw avx512vl avx512ifma sha_ni"))
        .isTrue();
    assertThat(ChunkTagSupport.flagsInclude("flags\t\t: fpu sse2 avx2 avx512f avx512bw avx512vl sha_ni")).isFalse();
    assertThat(ChunkTagSupport.flagsInclude("flags\t\t: fpu avx2 avx512ifmax avx512bw avx512vl")).as("whole words")
        .isFalse();
    assertThat(ChunkTagSupport.flagsInclude("flags\t\t:")).isFalse();
  }
}
