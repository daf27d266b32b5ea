package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.fs.PathDisplay;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups taken while the store is written, by another thread through the same store object and
 * by another process: each restores to a state that existed, with every secret's versions
 * contiguous.
 */
class BackupConcurrencyTest {
  @TempDir Path tmp;

  private StoreConfig config(Path dir) {
    return StoreConfig.builder(dir, new FixedKeyProvider("k")).defaultMaxVersions(1000)
        .pathDisplay(PathDisplay.FULL).build();
  }

  @Test
  void backup_whileAnotherThreadWrites_eachRestoresAConsistentSnapshot() throws Exception {
    try (SecretStore store = SecretStore.create(config(tmp.resolve("source")))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(20);
      // Round r writes version r of both pair secrets in one transaction, then a third alone.
      Thread writer = Thread.ofPlatform().start(() -> {
        try {
          for (int r = 1; !stop.get(); r++) {
            store.putAll(Map.of("pair/a", utf8("" + r), "pair/b", utf8("" + r)));
            store.put("solo/c" + (r % 3), utf8("" + r));
            started.countDown();
          }
        } catch (Throwable t) {
          failure.set(t);
          started.countDown();
        }
      });
      assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
      byte[][] backups = new byte[5][];
      for (int i = 0; i < backups.length; i++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.backup(out, BackupOptions.defaults());
        backups[i] = out.toByteArray();
      }
      stop.set(true);
      writer.join();
      assertThat(failure.get()).isNull();
      long previous = 0;
      for (int i = 0; i < backups.length; i++) {
        StoreConfig target = config(tmp.resolve("restored-" + i));
        try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(backups[i]), target,
            target.keyProvider(), Progress.NONE)) {
          long a = checkContiguous(restored, "pair/a");
          assertThat(checkContiguous(restored, "pair/b")).as("both of one transaction, or neither").isEqualTo(a);
          assertThat(a).as("backups are in time order").isGreaterThanOrEqualTo(previous);
          previous = a;
          for (String solo : restored.list("solo/")) {
            long c = checkContiguous(restored, "solo/" + solo);
            assertThat(Long.parseLong(read(restored, "solo/" + solo))).isLessThanOrEqualTo(a);
            assertThat(c).isPositive();
          }
        }
      }
    }
  }

  // Versions 1..current, each holding its own number (the writer's round); returns current.
  private static long checkContiguous(SecretStore store, String path) throws Exception {
    List<VersionInfo> versions = store.versions(path);
    long current = versions.getLast().version();
    assertThat(versions).extracting(VersionInfo::version)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, current).boxed().toList());
    if (path.startsWith("pair/")) {
      for (VersionInfo v : versions) {
        assertThat(read(store, path, v.version())).isEqualTo(Long.toString(v.version()));
      }
    }
    return current;
  }

  @Test
  void backup_whileAnotherProcessWrites_restoresAStateThatExisted() throws Exception {
    Path dir = tmp.resolve("source");
    try (SecretStore store = TestStores.create(dir)) {
      store.put("app/counter", utf8("0"));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(), "put")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("ready");
      byte[][] backups = new byte[3][];
      try (SecretStore store = TestStores.open(dir)) {
        for (int i = 0; i < backups.length; i++) {
          for (int acks = 0; acks < 20; acks++) { // the child has written more since the last backup
            assertThat(out.readLine()).startsWith("ack ");
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          store.backup(bytes, BackupOptions.defaults());
          backups[i] = bytes.toByteArray();
        }
      }
      for (int i = 0; i < backups.length; i++) {
        StoreConfig target = TestStores.config(tmp.resolve("restored-" + i), TestStores.PASSPHRASE);
        try (SecretStore restored = SecretStore.restore(new ByteArrayInputStream(backups[i]), target,
            target.keyProvider(), Progress.NONE)) {
          // The child writes n to app/counter, then to app/shadow-(n % 8): each kept version of the
          // counter holds one more than the last, and no shadow is ahead of the counter.
          List<VersionInfo> versions = restored.versions("app/counter");
          long counter = Long.parseLong(read(restored, "app/counter"));
          long offset = counter - versions.getLast().version();
          for (VersionInfo v : versions) {
            assertThat(Long.parseLong(read(restored, "app/counter", v.version()))).isEqualTo(v.version() + offset);
          }
          for (String shadow : restored.list("app/")) {
            if (shadow.startsWith("shadow-")) {
              long n = Long.parseLong(read(restored, "app/" + shadow));
              assertThat(n).isLessThanOrEqualTo(counter);
              assertThat(n % 8).isEqualTo(Long.parseLong(shadow.substring(7)));
            }
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  // A backup holds a read snapshot on a connection of its own; an erasing write asks for a
  // truncating checkpoint, which cannot pass that snapshot: the write must still succeed.
  @Test
  void destroy_whileABackupSnapshotIsOpen_succeedsAndStaysCommitted() throws Exception {
    Path dir = tmp.resolve("source");
    StoreConfig config = StoreConfig.builder(dir, new FixedKeyProvider("k"))
        .busyTimeout(java.time.Duration.ofMillis(200)).build();
    try (SecretStore store = SecretStore.create(config)) {
      store.put("app/a", utf8("one"));
      store.put("app/a", utf8("two"));
      try (java.sql.Connection reader = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store.db"))) {
        reader.setAutoCommit(false);
        try (var rs = reader.createStatement().executeQuery("SELECT COUNT(*) FROM versions")) {
          assertThat(rs.next()).isTrue(); // the snapshot now stays open until the rollback
        }
        store.destroy("app/a", 1);
        store.put("app/a", utf8("three"));
        reader.rollback();
      }
    }
    try (SecretStore store = SecretStore.open(config)) {
      assertThat(store.versions("app/a")).extracting(VersionInfo::state)
          .containsExactly(VersionState.DESTROYED, VersionState.LIVE, VersionState.LIVE);
      assertThat(read(store, "app/a")).isEqualTo("three");
    }
  }
}
