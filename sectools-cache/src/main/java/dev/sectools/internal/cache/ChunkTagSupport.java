package dev.sectools.internal.cache;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Whether chunk tags are worth it on this machine: whether the JVM computes Poly1305 with vector
 * instructions. HotSpot on x86_64 does where the CPU has AVX-512 IFMA (with VL and BW), reaching
 * about 15 GB/s per core, several times a page-cache read; without, Poly1305 runs in Java at
 * about 1 GB/s, below SHA-256 with the SHA extensions. The JVM does not say which it does (the
 * flag is a locked diagnostic one), so this reads the CPU's flags from {@code /proc/cpuinfo};
 * {@code -XX:UseAVX=2} or {@code -XX:-UsePoly1305Intrinsics} on the command line would make it
 * wrong (the tags would be slow, never wrong).
 */
public final class ChunkTagSupport {
  private static final Path CPUINFO = Path.of("/proc", "cpuinfo");
  private static final Set<String> NEEDED = Set.of("avx512ifma", "avx512vl", "avx512bw");

  private ChunkTagSupport() {}

  /** Whether Poly1305 is fast here (decided once per JVM). */
  public static boolean fast() {
    return Holder.FAST;
  }

  private static final class Holder {
    static final boolean FAST = detect();
  }

  private static boolean detect() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!(arch.equals("amd64") || arch.equals("x86_64")) || !ChunkTags.available()) {
      return false;
    }
    try (BufferedReader r = Files.newBufferedReader(CPUINFO, StandardCharsets.US_ASCII)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("flags")) {
          return flagsInclude(line);
        }
      }
      return false;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Whether a {@code /proc/cpuinfo} flags line names every extension the fast Poly1305 needs. */
  static boolean flagsInclude(String flagsLine) {
    int colon = flagsLine.indexOf(':');
    Set<String> flags = Set.of(flagsLine.substring(colon + 1).trim().split("\\s+"));
    return flags.containsAll(NEEDED);
  }
}
