package dev.sectools.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.internal.linux.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class TransientMemoryTest {
  private static final long[] SIZES = {0, 1, 4096, TransientMemory.MAP_MIN_BYTES - 1, TransientMemory.MAP_MIN_BYTES,
      TransientMemory.HUGE_MIN_BYTES - 1, TransientMemory.HUGE_MIN_BYTES + 3, 5L * 1024 * 1024};

  @Test
  void allocate_everySize_exactLengthZeroedWritableNative() {
    for (long size : SIZES) {
      try (Arena arena = Arena.ofShared()) {
        MemorySegment m = TransientMemory.allocate(size, arena);
        assertThat(m.byteSize()).isEqualTo(size);
        assertThat(m.isNative()).isTrue();
        assertThat(m.scope()).isEqualTo(arena.scope());
        if (size > 0) {
          assertThat(m.get(ValueLayout.JAVA_BYTE, 0)).isZero();
          assertThat(m.get(ValueLayout.JAVA_BYTE, size - 1)).isZero();
          m.fill((byte) 0x5a);
          assertThat(m.get(ValueLayout.JAVA_BYTE, size - 1)).isEqualTo((byte) 0x5a);
        }
      }
    }
  }

  @Test
  void allocate_hugeSize_startsOnHugePageBoundary() {
    assumeTrue(NativeMemory.isAvailable(), "the Linux calls are not available here");
    try (Arena arena = Arena.ofShared()) {
      MemorySegment m = TransientMemory.allocate(TransientMemory.HUGE_MIN_BYTES, arena);
      assertThat(m.address() % (2 * 1024 * 1024)).isZero();
    }
  }

  @Test
  void access_afterArenaClosed_throwsIllegalState() {
    for (long size : new long[] {100, TransientMemory.MAP_MIN_BYTES, TransientMemory.HUGE_MIN_BYTES}) {
      Arena arena = Arena.ofShared();
      MemorySegment m = TransientMemory.allocate(size, arena);
      m.set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
      arena.close();
      assertThatThrownBy(() -> m.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void allocate_closedArena_throwsIllegalState() {
    Arena arena = Arena.ofShared();
    arena.close();
    for (long size : new long[] {100, TransientMemory.HUGE_MIN_BYTES}) {
      assertThatThrownBy(() -> TransientMemory.allocate(size, arena)).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void allocate_negativeLength_throwsIllegalArgument() {
    try (Arena arena = Arena.ofShared()) {
      assertThatThrownBy(() -> TransientMemory.allocate(-1, arena))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    }
  }
}
