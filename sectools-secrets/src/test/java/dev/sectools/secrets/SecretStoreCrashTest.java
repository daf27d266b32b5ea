package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A child JVM changing the store, killed with SIGKILL at random moments: 100 times while it
 * writes, 50 while it rotates and re-encrypts, 50 while it changes the passphrase. After every
 * kill the store opens, every kept version decrypts, no acknowledged write is lost, and
 * re-encryption resumes.
 */
class SecretStoreCrashTest {
  private static final int SECRETS = 300;

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"put, 100", "reencrypt, 50", "passphrase, 50"})
  void change_childKilledAtRandomMoments_storeOpensIntactAndWritesSurvive(String mode, int kills) throws Exception {
    Path dir = tmp.resolve("store");
    try (SecretStore store = TestStores.create(dir)) {
      store.put("app/counter", utf8("0"));
      for (int i = 0; i < SECRETS; i++) {
        store.put("bulk/s" + i, utf8("value " + i));
      }
    }
    SecureRandom random = new SecureRandom();
    long acknowledged = 0;
    long changes = 0;
    for (int kill = 0; kill < kills; kill++) {
      Process child = start(dir, mode);
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child %d started", kill).isEqualTo("ready");
      AtomicLong lastAck = new AtomicLong(-1);
      AtomicLong acks = new AtomicLong();
      CountDownLatch working = new CountDownLatch(1);
      Thread reader = Thread.ofPlatform().daemon().start(() -> readAcks(out, lastAck, acks, working));
      // Kill while changes are under way: after the first one, at a random moment within the
      // next few.
      assertThat(working.await(60, TimeUnit.SECONDS)).as("child %d changed the store", kill).isTrue();
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(mode.equals("put") ? 20_000 : 200_000)));
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
      acknowledged = Math.max(acknowledged, lastAck.get());
      changes += acks.get();
      check(dir, mode, kill, acknowledged);
    }
    System.out.printf("%s: %d kills; %d changes acknowledged in all, none lost%n", mode, kills, changes);
  }

  private static void check(Path dir, String mode, int kill, long acknowledged) throws Exception {
    try (SecretStore store = openEither(dir)) {
      if (mode.equals("put")) {
        long found = Long.parseLong(read(store, "app/counter"));
        assertThat(found).as("kill %d: acknowledged %d", kill, acknowledged).isGreaterThanOrEqualTo(acknowledged);
        for (VersionInfo v : store.versions("app/counter")) {
          read(store, "app/counter", v.version());
        }
      }
      if (mode.equals("reencrypt")) {
        store.reencrypt(ReencryptProgress.NONE); // resumes whatever the kill interrupted
        assertThat(store.keys().stream().filter(k -> k.state() != KeyState.PRIMARY).mapToLong(DataKeyInfo::versions)
            .sum()).isZero();
      }
      assertThat(read(store, "bulk/s" + (kill % SECRETS))).isEqualTo("value " + (kill % SECRETS));
    }
  }

  // The passphrase child leaves the store under one of two passphrases.
  private static SecretStore openEither(Path dir) throws Exception {
    try {
      return TestStores.open(dir);
    } catch (StoreAccessDeniedException e) {
      return SecretStore.open(TestStores.config(dir, CrashChild.OTHER_PASSPHRASE));
    }
  }

  private static void readAcks(BufferedReader out, AtomicLong lastAck, AtomicLong acks, CountDownLatch working) {
    try {
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("ack ")) {
          lastAck.set(Long.parseLong(line.substring(4)));
          acks.incrementAndGet();
          working.countDown();
        }
      }
    } catch (java.io.IOException ignored) {
      // The child was killed mid-line: what was acknowledged before counts.
    }
  }

  private static Process start(Path dir, String mode) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto", "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        dir.toString(), mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
