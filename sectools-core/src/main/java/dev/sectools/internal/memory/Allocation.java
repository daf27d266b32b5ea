package dev.sectools.internal.memory;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * One piece of secure memory: {@link #data()} usable bytes with an 8-byte canary beside them,
 * owned by a slab chunk or a mapping of its own. Released once, by {@link #release()}.
 *
 * <p>Not thread-safe: the owning {@code SecureBuffer} makes sure no access overlaps the release.
 */
public final class Allocation {
  /** The canary's size in bytes. */
  static final int CANARY_BYTES = 8;
  /** A per-process random value, so no attacker-chosen overflow can rewrite it unnoticed. */
  private static final long CANARY = ByteBuffer.wrap(SecureRandom.getSeed(Long.BYTES)).getLong();

  /** What hands out and takes back the memory of an allocation. */
  interface Owner {
    /** Takes the (already zeroed) memory back; {@code corrupted} memory must never be reused. */
    void release(Allocation allocation, boolean corrupted);
  }

  private final MemorySegment data;
  private final MemorySegment canary;
  private final Owner owner;
  private final boolean locked;
  private final int slot;

  Allocation(MemorySegment data, MemorySegment canary, Owner owner, boolean locked, int slot) {
    this.data = data;
    this.canary = canary;
    this.owner = owner;
    this.locked = locked;
    this.slot = slot;
    canary.set(JAVA_LONG_UNALIGNED, 0, CANARY);
  }

  /** The usable bytes: at least as many as were asked for. */
  public MemorySegment data() {
    return data;
  }

  /** Whether the memory is locked in RAM. */
  public boolean isLocked() {
    return locked;
  }

  /** The slot index within a slab chunk; 0 for memory with a mapping of its own. */
  int slot() {
    return slot;
  }

  /**
   * A view of the first {@code length} bytes that is usable only while {@code arena} is open
   * and only by its owner thread: a caller that keeps the view can never reach freed memory.
   */
  public MemorySegment scopedView(long length, Arena arena) {
    return scoped(data.asSlice(0, length), arena);
  }

  /**
   * The same memory as {@code segment} (a slice of some allocation's {@link #data()}), usable only
   * while {@code arena} is open and only by its owner thread.
   */
  @SuppressWarnings("restricted") // the view covers live secure memory while arena is open
  public static MemorySegment scoped(MemorySegment segment, Arena arena) {
    return MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize(), arena, null);
  }

  /**
   * Zeroes the memory, checks the canary and gives the memory back.
   *
   * @return whether the canary was intact; when not, the memory is zeroed and never reused
   */
  public boolean release() {
    boolean intact = canary.get(JAVA_LONG_UNALIGNED, 0) == CANARY;
    data.fill((byte) 0);
    owner.release(this, !intact);
    return intact;
  }
}
