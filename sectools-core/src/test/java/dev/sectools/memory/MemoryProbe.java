package dev.sectools.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process for {@link SecureBufferProcessTest}: allocates under whatever lock limit it was
 * started with, or writes past a buffer's end from native code. Prints {@code key=value} lines.
 */
public final class MemoryProbe {
  private MemoryProbe() {}

  /** Arguments: {@code allocate <count> <size> <policy>} or {@code overflow <size> <extra>}. */
  public static void main(String[] args) throws Throwable {
    switch (args[0]) {
      case "allocate" -> allocate(Integer.parseInt(args[1]), Integer.parseInt(args[2]), MemoryPolicy.valueOf(args[3]));
      case "overflow" -> overflow(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void allocate(int count, int size, MemoryPolicy policy) {
    List<SecureBuffer> buffers = new ArrayList<>();
    byte[] fill = new byte[size];
    java.util.Arrays.fill(fill, (byte) 0x5a);
    try {
      for (int i = 0; i < count; i++) {
        SecureBuffer b = SecureBuffer.allocate(size, policy);
        b.copyFrom(0, fill, 0, size);
        buffers.add(b);
      }
    } catch (MemoryLockException e) {
      System.out.println("exception=" + e.getClass().getSimpleName());
      System.out.println("message=" + e.getMessage());
    }
    long locked = buffers.stream().filter(SecureBuffer::isLocked).count();
    System.out.println("allocated=" + buffers.size());
    System.out.println("locked=" + locked);
    byte[] check = new byte[size];
    for (SecureBuffer b : buffers) {
      b.copyTo(check);
      if (!java.util.Arrays.equals(check, fill)) {
        System.out.println("content=wrong");
      }
      b.close();
    }
    System.out.println("done=true");
  }

  // memset from libc: native code, as a buggy library would write.
  @SuppressWarnings("restricted")
  private static void overflow(int size, int extra) throws Throwable {
    Linker linker = Linker.nativeLinker();
    MethodHandle memset = linker.downcallHandle(linker.defaultLookup().find("memset").orElseThrow(),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    SecureBuffer b = SecureBuffer.allocate(size);
    long address = SecureBufferMemoryTest.address(b);
    System.out.println("address=" + Long.toHexString(address));
    System.out.flush();
    MemorySegment start = MemorySegment.ofAddress(address);
    MemorySegment ignored = (MemorySegment) memset.invokeExact(start, 0x41, (long) size + extra);
    b.close();
    System.out.println("survived=true");
  }
}
