package dev.sectools.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sectools.internal.linux.NativeMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class TransientMemoryTest {
  private static final long MALLOC = TransientMemory.MALLOC_MAX_BYTES;
  private static final long POOL = TransientMemory.POOL_MAX_BYTES;
  private static final long[] SIZES = {0, 1, 4096, MALLOC - 1, MALLOC, 1024 * 1024 + 3, POOL, POOL + 1,
      5L * 1024 * 1024};

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
  void allocate_mappedSizes_startOnHugePageBoundary() {
    assumeTrue(NativeMemory.isAvailable(), "the Linux calls are not available here");
    for (long size : new long[] {MALLOC, POOL, POOL + 1}) {
      try (TransientMemory m = TransientMemory.allocate(size)) {
        assertThat(m.segment().address() % (2 * 1024 * 1024)).isZero();
      }
    }
  }

  @Test
  void allocate_afterPooledBlockClosed_memoryComesBackWiped() {
    for (int round = 0; round < 3; round++) {
      TransientMemory used = TransientMemory.allocate(1024 * 1024);
      used.segment().fill((byte) 0x77);
      used.close();
      try (TransientMemory next = TransientMemory.allocate(2 * 1024 * 1024)) {
        next.acquire();
        try {
          assertThat(next.segment().toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
        } finally {
          next.release();
        }
      }
    }
  }

  /**
   * An unwiped block's bytes may show in the next block from the pool, but a wiped block's never
   * do, even when an unwiped one went back to the pool before it; the wiped block's close leaves
   * the pool clean again.
   */
  @Test
  void allocateUnwiped_pooledBlockClosed_onlyItsOwnBytesShowNeverAWipedBlocks() {
    TransientMemory secret = TransientMemory.allocate(1024 * 1024);
    secret.segment().fill((byte) 0x77);
    TransientMemory plain = TransientMemory.allocateUnwiped(1024 * 1024);
    plain.segment().fill((byte) 0x55);
    secret.close();
    plain.close();
    for (int round = 0; round < 2; round++) {
      try (TransientMemory a = TransientMemory.allocate(2 * 1024 * 1024);
          TransientMemory b = TransientMemory.allocate(2 * 1024 * 1024)) {
        for (TransientMemory m : new TransientMemory[] {a, b}) {
          m.acquire();
          try {
            byte[] bytes = m.segment().toArray(ValueLayout.JAVA_BYTE);
            assertThat(bytes).as("a wiped block's bytes never show").doesNotContain((byte) 0x77);
            if (round == 1) {
              assertThat(bytes).as("closing wiped blocks cleaned the pool").containsOnly(0);
            }
          } finally {
            m.release();
          }
          m.segment().fill((byte) 1); // whole block used: wiped whole on close
        }
      }
    }
  }

  @Test
  void acquire_afterClose_throwsIllegalStateAndCloseIsIdempotent() {
    for (long size : new long[] {100, MALLOC, POOL + 1}) {
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
    for (long size : new long[] {100, MALLOC, POOL + 1}) {
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
