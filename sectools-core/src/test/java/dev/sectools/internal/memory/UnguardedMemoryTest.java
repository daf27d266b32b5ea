package dev.sectools.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The fallback used where the Linux calls are missing (macOS, Windows, other architectures),
 * exercised directly here on Linux: off-heap, zeroed, canary-checked, never reported locked.
 */
class UnguardedMemoryTest {

  @Test
  void allocate_fallback_isZeroedUnlockedAndReleasesCleanly() {
    Allocation a = UnguardedMemory.allocate(100);
    MemorySegment data = a.data();
    assertThat(data.byteSize()).isEqualTo(100);
    assertThat(data.isNative()).isTrue();
    assertThat(a.isLocked()).isFalse();
    assertThat(data.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
    data.fill((byte) 7);
    assertThat(a.release()).isTrue();
  }

  // Reaches one byte past the data: what an overflowing native library would write.
  @SuppressWarnings("restricted")
  @Test
  void release_fallbackAfterWritePastEnd_reportsCorruption() {
    Allocation a = UnguardedMemory.allocate(10);
    MemorySegment past = MemorySegment.ofAddress(a.data().address() + 10).reinterpret(1);
    // flip the byte, whatever the random canary holds there (writing a constant missed 1 run in 256)
    past.set(ValueLayout.JAVA_BYTE, 0, (byte) ~past.get(ValueLayout.JAVA_BYTE, 0));
    assertThat(a.release()).isFalse();
  }
}
