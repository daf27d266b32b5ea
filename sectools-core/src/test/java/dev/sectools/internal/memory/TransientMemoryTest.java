package dev.sectools.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.internal.linux.NativeMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class TransientMemoryTest {
  private static final long[] SIZES = {0, 1, 4096, TransientMemory.MAP_MIN_BYTES - 1, TransientMemory.MAP_MIN_BYTES,
      TransientMemory.HUGE_MIN_BYTES - 1, TransientMemory.HUGE_MIN_BYTES + 3, 5L * 1024 * 1024};

  @Test
  void allocate_everySize_exactLengthNativeWritableFromAnyThread() throws Exception {
    for (long size : SIZES) {
      try (TransientMemory m = TransientMemory.allocate(size)) {
        MemorySegment s = m.segment();
        assertThat(m.length()).isEqualTo(size);
        assertThat(s.byteSize()).isEqualTo(size);
        assertThat(s.isNative()).isTrue();
        if (size > 0) {
          Thread writer = Thread.ofPlatform().start(() -> s.fill((byte) 0x5a));
          writer.join();
          m.acquire();
          try {
            assertThat(s.get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 0x5a);
            assertThat(s.get(ValueLayout.JAVA_BYTE, size - 1)).isEqualTo((byte) 0x5a);
          } finally {
            m.release();
          }
        }
      }
    }
  }

  @Test
  void allocate_hugeSize_startsOnHugePageBoundary() {
    assumeTrue(NativeMemory.isAvailable(), "the Linux calls are not available here");
    try (TransientMemory m = TransientMemory.allocate(TransientMemory.HUGE_MIN_BYTES)) {
      assertThat(m.segment().address() % (2 * 1024 * 1024)).isZero();
    }
  }

  @Test
  void acquire_afterClose_throwsIllegalStateAndCloseIsIdempotent() {
    for (long size : new long[] {100, TransientMemory.MAP_MIN_BYTES, TransientMemory.HUGE_MIN_BYTES}) {
      TransientMemory m = TransientMemory.allocate(size);
      m.close();
      m.close();
      assertThat(m.isClosed()).isTrue();
      assertThatThrownBy(m::acquire).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
  }

  /** A close during an access leaves the memory to the access, which frees it when it ends. */
  @Test
  void close_duringAccess_memoryStaysUntilLastRelease() {
    for (long size : new long[] {100, TransientMemory.MAP_MIN_BYTES, TransientMemory.HUGE_MIN_BYTES}) {
      TransientMemory m = TransientMemory.allocate(size);
      m.segment().fill((byte) 3);
      m.acquire();
      m.acquire();
      m.close();
      assertThatThrownBy(m::acquire).isInstanceOf(IllegalStateException.class);
      m.release();
      assertThat(m.segment().get(ValueLayout.JAVA_BYTE, size - 1)).as("still mapped: one access left").isEqualTo((byte) 3);
      m.release();
      assertThat(m.isClosed()).isTrue();
    }
  }

  @Test
  void allocate_negativeLength_throwsIllegalArgument() {
    assertThatThrownBy(() -> TransientMemory.allocate(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
  }
}
