package dev.sectools.internal.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cap arithmetic at the edges, where {@code max + 1 - consumed} used to overflow. */
class CapsTest {
  @Test
  void allowance_isLeftPlusOne_saturatingAtLongMax() {
    assertThat(Caps.allowance(10, 0)).isEqualTo(11);
    assertThat(Caps.allowance(10, 10)).isEqualTo(1);
    assertThat(Caps.allowance(10, 25)).isEqualTo(1);
    assertThat(Caps.allowance(Long.MAX_VALUE, 0)).isEqualTo(Long.MAX_VALUE);
    assertThat(Caps.allowance(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    assertThat(Caps.allowance(Long.MAX_VALUE, Long.MAX_VALUE)).isEqualTo(1);
  }

  @Test
  void positionalAllowance_neverRunsPastTheLargestOffset() {
    assertThat(Caps.positionalAllowance(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isEqualTo(1);
    assertThat(Caps.positionalAllowance(Long.MAX_VALUE, Long.MAX_VALUE)).isZero();
    assertThat(Caps.positionalAllowance(10, Long.MAX_VALUE)).isZero();
    assertThat(Caps.positionalAllowance(10, 3)).isEqualTo(8);
  }

  @Test
  void exceeds_comparesWithoutOverflow() {
    assertThat(Caps.exceeds(Long.MAX_VALUE, Long.MAX_VALUE - 1, 1)).isFalse();
    assertThat(Caps.exceeds(Long.MAX_VALUE, Long.MAX_VALUE, 1)).isTrue();
    assertThat(Caps.exceeds(10, 9, 1)).isFalse();
    assertThat(Caps.exceeds(10, 9, 2)).isTrue();
    assertThat(Caps.exceeds(10, 50, 1)).isTrue();
  }
}
