package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cache.Sha256;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IndexRecordTest {
  private static final EntryKey KEY = new EntryKey("bucket", "prefix/é/ref");
  private static final Lookup RECORD = new Lookup(KEY, Sha256.of(new byte[] {1, 2, 3}), 3,
      Instant.ofEpochMilli(1_700_000_000_000L), new byte[] {9, 8, 7});

  @Test
  void decode_encoded_sameRecord() {
    Lookup back = IndexRecord.decode(IndexRecord.encode(RECORD), KEY).orElseThrow();
    assertThat(back.key()).isEqualTo(KEY);
    assertThat(back.sha()).isEqualTo(RECORD.sha());
    assertThat(back.size()).isEqualTo(3);
    assertThat(back.created()).isEqualTo(RECORD.created());
    assertThat(back.meta()).containsExactly(9, 8, 7);
  }

  @Test
  void decode_anySingleBitFlipped_nothing() {
    byte[] good = IndexRecord.encode(RECORD);
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        assertThat(IndexRecord.decode(bad, KEY)).as("byte %d bit %d", i, bit).isEmpty();
      }
    }
  }

  @Test
  void decode_everyTruncationAndAnExtension_nothing() {
    byte[] good = IndexRecord.encode(RECORD);
    for (int n = 0; n < good.length; n++) {
      assertThat(IndexRecord.decode(Arrays.copyOf(good, n), KEY)).as("length %d", n).isEmpty();
    }
    assertThat(IndexRecord.decode(Arrays.copyOf(good, good.length + 1), KEY)).isEmpty();
  }

  @Test
  void decode_intactRecordOfAnotherKey_nothing() {
    assertThat(IndexRecord.decode(IndexRecord.encode(RECORD), new EntryKey("bucket", "other"))).isEmpty();
    assertThat(IndexRecord.decode(IndexRecord.encode(RECORD), null)).isPresent();
  }

  @Test
  void fileName_isHexSha256OfTheKey_distinctForNamespaceKeySplit() {
    assertThat(IndexRecord.fileName(KEY)).matches("[0-9a-f]{64}");
    assertThat(IndexRecord.fileName(new EntryKey("a", "bc"))).isNotEqualTo(IndexRecord.fileName(new EntryKey("ab", "c")));
  }
}
