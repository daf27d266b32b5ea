package dev.sectools.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs: native code writing past a buffer's end is stopped by the guard page, the
 * lock policies behave as documented under a real {@code RLIMIT_MEMLOCK}, and a leaked buffer is
 * reported by the Cleaner (a fresh JVM, so each test chooses how allocation sites are recorded).
 *
 * <p>Lock limits are set with util-linux {@code prlimit}. Root ignores {@code RLIMIT_MEMLOCK}
 * (it has {@code CAP_IPC_LOCK}), so when this JVM holds that capability the child is started
 * through {@code setpriv --inh-caps=-ipc_lock --bounding-set=-ipc_lock}, which drops it for good
 * before the JVM starts; an unprivileged user has no such capability and needs only
 * {@code prlimit}.
 */
class SecureBufferProcessTest {
  private static final long CAP_IPC_LOCK_BIT = 1L << 14;

  @TempDir Path dir;

  record Result(int exit, Map<String, String> out, String err) {}

  private Result run(long memlockBytes, String... args) throws Exception {
    return run(memlockBytes, List.of(), args);
  }

  private Result run(long memlockBytes, List<String> jvmArgs, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (memlockBytes >= 0) {
      Assumptions.assumeTrue(onPath("prlimit"), "util-linux prlimit is not installed");
      cmd.addAll(List.of("prlimit", "--memlock=" + memlockBytes + ":" + memlockBytes));
      if (holdsIpcLock()) {
        Assumptions.assumeTrue(onPath("setpriv"), "util-linux setpriv is not installed");
        cmd.addAll(List.of("setpriv", "--inh-caps=-ipc_lock", "--bounding-set=-ipc_lock", "--"));
      }
    }
    cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED",
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:-CreateCoredumpOnCrash",
        "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-cp", System.getProperty("java.class.path")));
    cmd.addAll(jvmArgs);
    cmd.add(MemoryProbe.class.getName());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Map<String, String> values = new HashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return new Result(p.exitValue(), values, Files.readString(dir.resolve("stderr")));
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static boolean holdsIpcLock() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("CapEff:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & CAP_IPC_LOCK_BIT) != 0;
      }
    }
    return false;
  }

  @Test
  void overflow_nativeWritePastEndOfLargeBuffer_crashesOnGuardPage() throws Exception {
    int size = 3 * 4096 + 100;
    Result r = run(-1, "overflow", Integer.toString(size), "64");
    assertThat(r.exit()).as("the child must die, not carry on").isNotZero();
    assertThat(r.out()).doesNotContainKey("survived");
    long address = Long.parseUnsignedLong(r.out().get("address"), 16);
    String hsErr;
    try (var files = Files.list(dir)) {
      Path log = files.filter(f -> f.getFileName().toString().startsWith("hs_err_")).findFirst().orElseThrow();
      hsErr = Files.readString(log);
    }
    assertThat(hsErr).contains("SIGSEGV").contains("SEGV_ACCERR");
    Matcher m = Pattern.compile("si_addr: 0x([0-9a-f]+)").matcher(hsErr);
    assertThat(m.find()).isTrue();
    long faultAt = Long.parseUnsignedLong(m.group(1), 16);
    assertThat(faultAt).as("the fault is in the guard page right after the buffer")
        .isGreaterThanOrEqualTo(address + size).isLessThan(address + size + 4096);
  }

  @Test
  void overflow_nativeWriteWithinBounds_survives() throws Exception {
    Result r = run(-1, "overflow", Integer.toString(3 * 4096 + 100), "0");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).containsEntry("survived", "true");
  }

  @Test
  void allocate_100000SmallBuffersUnder8MiBLockLimit_allLockedThanksToTheSlab() throws Exception {
    Result r = run(8L << 20, "allocate", "100000", "32", "REQUIRE_LOCKED");
    assertThat(r.err()).doesNotContain("could not lock");
    assertThat(r.out()).doesNotContainKey("exception").doesNotContainKey("content")
        .containsEntry("allocated", "100000").containsEntry("locked", "100000").containsEntry("done", "true");
    assertThat(r.exit()).isZero();
  }

  @Test
  void allocate_bestEffortOverLowLockLimit_continuesUnlockedWithOneWarning() throws Exception {
    Result r = run(64L << 10, "allocate", "8", "65536", "BEST_EFFORT");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).containsEntry("allocated", "8").containsEntry("done", "true").doesNotContainKey("content");
    assertThat(Integer.parseInt(r.out().get("locked"))).isLessThan(8);
    assertThat(r.err().split("could not lock", -1)).as("one warning per process").hasSize(2);
    assertThat(r.err()).contains("RLIMIT_MEMLOCK is 65536 bytes");
  }

  @Test
  void allocate_requireLockedOverLowLockLimit_throwsMemoryLockException() throws Exception {
    Result r = run(64L << 10, "allocate", "8", "65536", "REQUIRE_LOCKED");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).containsEntry("exception", "MemoryLockException").containsEntry("done", "true");
    assertThat(r.out().get("message")).contains("could not lock").contains("RLIMIT_MEMLOCK is 65536 bytes");
    assertThat(r.out().get("allocated")).isEqualTo(r.out().get("locked"));
    assertThat(r.err()).doesNotContain("could not lock");
  }

  @Test
  void cleaner_unclosedBufferWithSitesRecorded_warnsOnceNamingTheAllocatingMethodAndNoContent() throws Exception {
    Result r = run(-1, List.of("-Ddev.sectools.memory.allocationSites=all"), "leak");
    assertThat(r.out()).containsEntry("done", "true");
    String log = r.out().get("log");
    assertThat(log).startsWith("WARNING").contains("SecureBuffer of 19 bytes was never closed")
        .contains("wiped and freed")
        .contains(MemoryProbe.class.getName() + ".leakOneBuffer(MemoryProbe.java:")
        .doesNotContain("leaked-secret");
  }

  @Test
  void cleaner_unclosedBufferWithSitesOff_warnsAndSaysHowToRecordSites() throws Exception {
    Result r = run(-1, List.of("-Ddev.sectools.memory.allocationSites=none"), "leak");
    assertThat(r.out().get("log")).contains("never closed")
        .contains("run with -Ddev.sectools.memory.allocationSites=all").doesNotContain("leaked-secret");
  }

  @Test
  void allocate_requireLockedWhileFreedMappingsHoldTheLimit_givesThemBackAndLocks() throws Exception {
    // Three freed 12 KiB buffers keep 48 KiB locked in the mapping cache; two 20 KiB buffers then
    // need 48 KiB more of a 64 KiB limit, which only fits once the cache gives its pages back.
    Result r = run(64L << 10, "cycle", "1", Integer.toString(12 << 10), "2", Integer.toString(20 << 10));
    assertThat(r.out()).doesNotContainKey("exception").containsEntry("allocated", "2").containsEntry("locked", "2");
  }

  @Test
  void allocate_slabPastLockLimit_bestEffortSpillsToUnlockedChunkThatRequireLockedNeverUses() throws Exception {
    // 16 KiB locks exactly one chunk: 341 slots of 48 bytes (32 + canary, rounded to 16).
    Result r = run(16L << 10, "mixed", "400", "32");
    assertThat(r.out()).containsEntry("locked", "341").containsEntry("exception", "MemoryLockException")
        .containsEntry("afterFree", "true").containsEntry("done", "true");
    assertThat(r.err().split("could not lock", -1)).as("one warning per process").hasSize(2);
  }

  @Test
  void allocate_smallBuffersUnder64KiBLockLimit_thousandsFitLocked() throws Exception {
    Result r = run(64L << 10, "allocate", "1000", "32", "REQUIRE_LOCKED");
    assertThat(r.out()).doesNotContainKey("exception").containsEntry("locked", "1000");
  }
}
