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

  /** Arguments: {@code allocate <count> <size> <policy>}, {@code overflow <size> <extra>},
   * {@code leak}, {@code mixed <count> <size>} or {@code cycle <rounds> <size of three cached buffers> <count> <size>}. */
  public static void main(String[] args) throws Throwable {
    switch (args[0]) {
      case "allocate" -> allocate(Integer.parseInt(args[1]), Integer.parseInt(args[2]), MemoryPolicy.valueOf(args[3]));
      case "overflow" -> overflow(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "leak" -> leak();
      case "mixed" -> mixed(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "cycle" -> {
        for (int i = 0; i < Integer.parseInt(args[1]); i++) { // closed at once: their pages are cached
          List<SecureBuffer> first = new ArrayList<>();
          first.add(SecureBuffer.allocate(Integer.parseInt(args[2]), MemoryPolicy.REQUIRE_LOCKED));
          first.add(SecureBuffer.allocate(Integer.parseInt(args[2]), MemoryPolicy.REQUIRE_LOCKED));
          first.add(SecureBuffer.allocate(Integer.parseInt(args[2]), MemoryPolicy.REQUIRE_LOCKED));
          first.forEach(SecureBuffer::close);
        }
        allocate(Integer.parseInt(args[3]), Integer.parseInt(args[4]), MemoryPolicy.REQUIRE_LOCKED);
      }
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

  // Fills the slab past the lock limit under BEST_EFFORT, then asks for one locked buffer more.
  private static void mixed(int count, int size) {
    List<SecureBuffer> buffers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      buffers.add(SecureBuffer.allocate(size, MemoryPolicy.BEST_EFFORT));
    }
    System.out.println("locked=" + buffers.stream().filter(SecureBuffer::isLocked).count());
    try (SecureBuffer b = SecureBuffer.allocate(size, MemoryPolicy.REQUIRE_LOCKED)) {
      System.out.println("required=" + b.isLocked());
    } catch (MemoryLockException e) {
      System.out.println("exception=" + e.getClass().getSimpleName());
    }
    buffers.get(0).close(); // frees a slot in the locked chunk
    try (SecureBuffer b = SecureBuffer.allocate(size, MemoryPolicy.REQUIRE_LOCKED)) {
      System.out.println("afterFree=" + b.isLocked());
    }
    buffers.forEach(SecureBuffer::close);
    System.out.println("done=true");
  }

  // Leaks one buffer, then collects garbage until the Cleaner has logged about it.
  private static void leak() {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger("dev.sectools.memory");
    java.util.concurrent.CountDownLatch logged = new java.util.concurrent.CountDownLatch(1);
    logger.addHandler(new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        System.out.println("log=" + r.getLevel() + " " + r.getMessage());
        logged.countDown();
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    });
    leakOneBuffer();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (logged.getCount() > 0 && System.nanoTime() < deadline) {
      System.gc();
      try {
        logged.await(10, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    System.out.println("done=true");
  }

  private static void leakOneBuffer() {
    SecureBuffer.copyOf("leaked-secret-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
