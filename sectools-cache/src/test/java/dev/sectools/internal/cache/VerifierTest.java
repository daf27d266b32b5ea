package dev.sectools.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.cache.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VerifierTest {
  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static PrivateCopy read(byte[] stored, long size, Sha256 sha) throws Exception {
    return Verifier.read(Channels.newChannel(new ByteArrayInputStream(stored)), size, sha);
  }

  @Test
  void read_exactContentSmallAndChunked_privateCopyEqual() throws Exception {
    for (int n : new int[] {0, 10, Verifier.CHUNK_BYTES - 1, Verifier.CHUNK_BYTES, 5 * Verifier.CHUNK_BYTES + 3}) {
      byte[] data = bytes(n);
      PrivateCopy copy = read(data, n, Sha256.of(data));
      assertThat(copy.size()).isEqualTo(n);
      assertThat(copy.newInputStream().readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void read_shorterLongerOrDifferent_mismatch() {
    byte[] data = bytes(3 * Verifier.CHUNK_BYTES);
    Sha256 sha = Sha256.of(data);
    byte[] flipped = data.clone();
    flipped[Verifier.CHUNK_BYTES + 5] ^= 1;
    for (byte[] stored : new byte[][] {Arrays.copyOf(data, data.length - 1), Arrays.copyOf(data, data.length + 1),
        flipped}) {
      assertThatThrownBy(() -> read(stored, data.length, sha)).isInstanceOf(Verifier.Mismatch.class);
    }
  }

  @Test
  void release_copyZeroedAndStreamsFail() throws Exception {
    byte[] data = bytes(1000);
    PrivateCopy copy = read(data, data.length, Sha256.of(data));
    var in = copy.newInputStream();
    copy.release();
    assertThatThrownBy(in::read).isInstanceOf(java.io.IOException.class);
  }
}
