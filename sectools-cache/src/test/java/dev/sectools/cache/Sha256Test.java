package dev.sectools.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void of_knownVector_matchesFips180() {
    assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)).hex()).isEqualTo(ABC);
  }

  @Test
  void ofHex_upperCase_equalsLowerCase() {
    assertThat(Sha256.ofHex(ABC.toUpperCase())).isEqualTo(Sha256.ofHex(ABC)).hasSameHashCodeAs(Sha256.ofHex(ABC));
    assertThat(Sha256.ofHex(ABC.toUpperCase()).toString()).isEqualTo(ABC);
  }

  @Test
  void ofHex_wrongLengthOrNonHex_rejectedWithTheRule() {
    assertThatThrownBy(() -> Sha256.ofHex("abc")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex characters");
    assertThatThrownBy(() -> Sha256.ofHex("z".repeat(64))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ofBytes_wrongLength_rejected() {
    assertThatThrownBy(() -> Sha256.ofBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }

  @Test
  void bytes_mutatingTheCopy_leavesDigestUnchanged() {
    Sha256 sha = Sha256.ofHex(ABC);
    sha.bytes()[0] ^= 1;
    assertThat(sha.hex()).isEqualTo(ABC);
  }
}
