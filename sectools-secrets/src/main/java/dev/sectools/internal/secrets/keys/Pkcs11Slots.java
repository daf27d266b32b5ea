package dev.sectools.internal.secrets.keys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lists a PKCS#11 library's tokens by label, which SunPKCS11's configuration cannot do (it knows
 * slot ids and slot list indexes only, and SoftHSM gives its slots random ids). Calls the
 * library's exported {@code C_Initialize}, {@code C_GetSlotList}, {@code C_GetTokenInfo} and
 * {@code C_Finalize} through the FFM API.
 *
 * <p>A library that is already initialised in this process (by a SunPKCS11 provider) is used as
 * it is and not finalised. SunPKCS11 providers are configured here too, under the same lock, so
 * that our {@code C_Finalize} never runs under a provider being set up by sectools.
 */
public final class Pkcs11Slots {
  private static final Object LOCK = new Object();

  private static final long CKR_OK = 0;
  private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
  private static final int LABEL_BYTES = 32;
  /** CK_TOKEN_INFO is 208 bytes on LP64; room to spare for any ABI. */
  private static final long TOKEN_INFO_BYTES = 512;
  private static final int MAX_SLOTS = 1024;

  private Pkcs11Slots() {}

  /**
   * A new SunPKCS11 provider for {@code config} (not registered with {@link Security}).
   *
   * @throws java.security.ProviderException if SunPKCS11 cannot use the library or slot
   * @throws IllegalStateException if the JDK has no SunPKCS11 (module jdk.crypto.cryptoki)
   */
  public static Provider configure(String config) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new IllegalStateException("the JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
    }
    synchronized (LOCK) {
      return base.configure(config);
    }
  }

  /**
   * The tokens present in {@code library}'s slots: slot id to token label (trailing blanks
   * removed), in the library's order.
   *
   * @throws IllegalStateException with the PKCS#11 return value if a call fails
   * @throws IllegalArgumentException if {@code library} cannot be loaded
   * @throws UnsupportedOperationException on Windows, whose CK_ULONG and packing differ
   */
  public static Map<Long, String> tokens(Path library) {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows")) {
      throw new UnsupportedOperationException("finding a token by label is not supported on Windows;"
          + " configure the slot id");
    }
    Linker linker = Linker.nativeLinker();
    ValueLayout ulong = JAVA_LONG; // CK_ULONG is unsigned long: 64 bits on LP64 (Linux, macOS)
    synchronized (LOCK) {
      try (Arena arena = Arena.ofConfined()) {
        SymbolLookup lib = SymbolLookup.libraryLookup(library, arena);
        MethodHandle initialize = bind(linker, lib, "C_Initialize", FunctionDescriptor.of(ulong, ADDRESS));
        MethodHandle finalize = bind(linker, lib, "C_Finalize", FunctionDescriptor.of(ulong, ADDRESS));
        MethodHandle slotList = bind(linker, lib, "C_GetSlotList",
            FunctionDescriptor.of(ulong, JAVA_BYTE, ADDRESS, ADDRESS));
        MethodHandle tokenInfo = bind(linker, lib, "C_GetTokenInfo",
            FunctionDescriptor.of(ulong, ulong, ADDRESS));
        long rv = (long) initialize.invokeExact(MemorySegment.NULL);
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
          throw failed("C_Initialize", rv);
        }
        try {
          return list(arena, slotList, tokenInfo);
        } finally {
          if (rv == CKR_OK) {
            long ignored = (long) finalize.invokeExact(MemorySegment.NULL);
          }
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("PKCS#11 call failed", e);
      }
    }
  }

  private static Map<Long, String> list(Arena arena, MethodHandle slotList, MethodHandle tokenInfo)
      throws Throwable {
    MemorySegment count = arena.allocate(JAVA_LONG);
    long rv = (long) slotList.invokeExact((byte) 1, MemorySegment.NULL, count);
    check("C_GetSlotList", rv);
    long n = Math.min(count.get(JAVA_LONG, 0), MAX_SLOTS);
    MemorySegment slots = arena.allocate(JAVA_LONG, Math.max(n, 1));
    count.set(JAVA_LONG, 0, n);
    rv = (long) slotList.invokeExact((byte) 1, slots, count);
    check("C_GetSlotList", rv);
    n = Math.min(count.get(JAVA_LONG, 0), n);
    Map<Long, String> tokens = new LinkedHashMap<>();
    MemorySegment info = arena.allocate(TOKEN_INFO_BYTES, 8);
    for (long i = 0; i < n; i++) {
      long slot = slots.getAtIndex(JAVA_LONG, i);
      info.fill((byte) 0);
      rv = (long) tokenInfo.invokeExact(slot, info);
      if (rv == CKR_OK) { // a token removed since the list was made is skipped
        byte[] label = info.asSlice(0, LABEL_BYTES).toArray(JAVA_BYTE);
        tokens.put(slot, new String(label, StandardCharsets.UTF_8).stripTrailing());
      }
    }
    return tokens;
  }

  private static MethodHandle bind(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
    MemorySegment symbol = lib.find(name).orElseThrow(
        () -> new IllegalArgumentException("the library does not export " + name));
    return linker.downcallHandle(symbol, fd);
  }

  private static void check(String call, long rv) {
    if (rv != CKR_OK) {
      throw failed(call, rv);
    }
  }

  private static IllegalStateException failed(String call, long rv) {
    return new IllegalStateException(call + " failed: CKR 0x" + Long.toHexString(rv));
  }
}
