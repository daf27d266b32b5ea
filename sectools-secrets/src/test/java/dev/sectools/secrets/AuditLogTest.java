package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.audit.AuditConfig;
import dev.sectools.audit.AuditException;
import dev.sectools.audit.AuditFailureMode;
import dev.sectools.audit.AuditProblem.Kind;
import dev.sectools.audit.AuditVerification;
import dev.sectools.fs.PathDisplay;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's audit log: one chained event per operation, and every way of breaking the chain caught. */
class AuditLogTest {
  private static final String CANARY_VALUE = "canary-value-5b7e0c1f";
  private static final String CANARY_PATH = "payroll/canary-path-91d2";

  @TempDir Path tmp;

  private Path dir() {
    return tmp.resolve("store");
  }

  private Path log() {
    return dir().resolve(AuditConfig.DEFAULT_FILE_NAME);
  }

  private StoreConfig config(AuditConfig audit) {
    return StoreConfig.builder(dir(), PassphraseKeyProvider.of(TestStores.PASSPHRASE, Argon2Settings.OWASP_MINIMUM))
        .audit(audit)
        .build();
  }

  private StoreConfig config() {
    return config(AuditConfig.inStoreDirectory().build());
  }

  private List<String> lines() throws IOException {
    return Files.readAllLines(log(), StandardCharsets.UTF_8);
  }

  /** Writes a log of open, 6 puts and close: 8 events. */
  private void writeSomeEvents() throws Exception {
    try (SecretStore store = SecretStore.create(config())) {
      for (int i = 0; i < 6; i++) {
        store.put("app/s" + i, utf8("v" + i));
      }
    }
  }

  private AuditVerification verify() throws Exception {
    try (SecretStore store = SecretStore.open(config(AuditConfig.inStoreDirectory().minimumLevel(
        dev.sectools.audit.AuditLevel.CRITICAL).build()))) {
      return store.verifyAudit();
    }
  }

  @Test
  void operations_eachOne_writesOneChainedEvent() throws Exception {
    try (SecretStore store = SecretStore.create(config())) {
      store.put("app/key", utf8("one"));
      store.get("app/key").close();
      assertThatThrownBy(() -> store.get("app/missing")).isInstanceOf(SecretNotFoundException.class);
      store.versions("app/key");
      store.delete("app/key");
      store.undelete("app/key");
      store.list("");
      store.rotateKeys();
      store.reencrypt(ReencryptProgress.NONE);
      store.destroy("app/key", 1);
      store.deleteAll("app/key");
    }
    List<String> lines = lines();
    assertThat(lines).extracting(l -> l.replaceAll(".*\"op\":\"([a-z_]+)\".*", "$1")).containsExactly(
        "create", "put", "get", "get", "versions", "delete", "undelete", "list", "rotate_keys", "reencrypt",
        "destroy", "delete_all", "close");
    assertThat(lines.get(3)).contains("\"outcome\":\"error\"", "\"error\":\"not_found\"", "\"level\":\"WARN\"");
    assertThat(lines.get(1)).contains("\"version\":1", "\"user\":", "\"pid\":", "\"host\":", "\"duration_us\":");
    assertThat(lines.get(8)).contains("\"key_id\":");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log()))).isEqualTo("rw-------");
    AuditVerification result = verify();
    assertThat(result.intact()).isTrue();
    assertThat(result.firstSequence()).isEqualTo(1);
    assertThat(result.lastSequence()).isEqualTo(13);
    assertThat(result.endsWithClose()).isTrue();
  }

  @Test
  void log_canaryValueAndPath_neverAppearInLogOrMessages() throws Exception {
    List<String> messages = new ArrayList<>();
    StoreConfig config = StoreConfig.builder(dir(),
            PassphraseKeyProvider.of(TestStores.PASSPHRASE, Argon2Settings.OWASP_MINIMUM))
        .pathDisplay(PathDisplay.REDACTED)
        .audit(AuditConfig.inStoreDirectory().build())
        .build();
    try (SecretStore store = SecretStore.create(config)) {
      store.put(CANARY_PATH, utf8(CANARY_VALUE));
      store.put(CANARY_PATH, utf8(CANARY_VALUE), 1);
      try (SecureBuffer b = store.get(CANARY_PATH)) {
        assertThat(b.length()).isEqualTo(CANARY_VALUE.length());
      }
      store.getStringUnwipeable(CANARY_PATH);
      for (ThrowingRunnable failing : List.<ThrowingRunnable>of(
          () -> store.put(CANARY_PATH, utf8(CANARY_VALUE), 1),
          () -> store.get(CANARY_PATH, 9),
          () -> store.delete(CANARY_PATH, 9),
          () -> store.get(CANARY_PATH + "x"))) {
        try {
          failing.run();
        } catch (Exception e) {
          messages.add(String.valueOf(e));
        }
      }
      store.metadata(CANARY_PATH);
      store.versions(CANARY_PATH);
      store.listRecursive("");
      store.rollback(CANARY_PATH, 1);
      store.delete(CANARY_PATH);
      store.undelete(CANARY_PATH);
      store.destroy(CANARY_PATH, 1);
      store.rotateKeys();
      store.reencrypt(ReencryptProgress.NONE);
      store.status();
      store.deleteAll(CANARY_PATH);
      assertThat(messages).hasSize(4);
      String hash = store.auditHash(CANARY_PATH);
      assertThat(Files.readString(log())).contains(hash);
    }
    String all = Files.readString(log()) + String.join("\n", messages);
    assertThat(all).doesNotContain(CANARY_VALUE, CANARY_PATH, "canary");
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void verify_lineDeleted_reportsRemoved() throws Exception {
    writeSomeEvents();
    List<String> lines = lines();
    lines.remove(3);
    Files.write(log(), lines);
    AuditVerification result = verify();
    assertThat(result.problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.REMOVED);
      assertThat(p.line()).isEqualTo(4);
      assertThat(p.detail()).contains("#4");
    });
    assertThat(result.events()).isEqualTo(3);
  }

  @Test
  void verify_oneByteEdited_reportsAltered() throws Exception {
    writeSomeEvents();
    byte[] bytes = Files.readAllBytes(log());
    int at = Files.readString(log()).indexOf("\"outcome\":\"success\"", lines().get(0).length() + lines().get(1).length());
    bytes[at + 11] = 'S'; // line 3: "success" becomes "Success"
    Files.write(log(), bytes);
    assertThat(verify().problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.ALTERED);
      assertThat(p.line()).isEqualTo(3);
    });
  }

  @Test
  void verify_twoLinesSwapped_reportsReordered() throws Exception {
    writeSomeEvents();
    List<String> lines = lines();
    String third = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, third);
    Files.write(log(), lines);
    assertThat(verify().problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.REORDERED);
      assertThat(p.line()).isEqualTo(3);
    });
  }

  @Test
  void verify_lineRepeated_reportsReordered() throws Exception {
    writeSomeEvents();
    List<String> lines = lines();
    lines.add(5, lines.get(2));
    Files.write(log(), lines);
    assertThat(verify().problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.REORDERED);
      assertThat(p.line()).isEqualTo(6);
    });
  }

  @Test
  void verify_forgedLineInserted_reportsInserted() throws Exception {
    writeSomeEvents();
    List<String> lines = lines();
    String forged = lines.get(2).replace("\"op\":\"put\"", "\"op\":\"get\"");
    lines.add(3, forged);
    Files.write(log(), lines);
    assertThat(verify().problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.INSERTED);
      assertThat(p.line()).isEqualTo(4);
    });
  }

  @Test
  void verify_fileCutInsideALine_reportsTruncated() throws Exception {
    writeSomeEvents();
    byte[] bytes = Files.readAllBytes(log());
    Files.write(log(), java.util.Arrays.copyOf(bytes, bytes.length - 30));
    AuditVerification result = verify();
    assertThat(result.problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
      assertThat(p.line()).isEqualTo(8);
    });
  }

  @Test
  void verify_lastLinesRemoved_saysTheLogDoesNotEndWithClose() throws Exception {
    writeSomeEvents();
    List<String> lines = lines();
    Files.write(log(), lines.subList(0, 5));
    AuditVerification result = verify();
    // The chain itself is whole up to line 5 (then verify's own open adds events): the tail is
    // what a chain cannot vouch for, and the report says so.
    assertThat(result.problem()).isEmpty();
    try (Stream<String> again = Files.lines(log())) {
      assertThat(again.count()).isEqualTo(5); // verify's store logs CRITICAL events only
    }
    assertThat(Files.readAllLines(log()).get(4)).doesNotContain("\"op\":\"close\"");
  }

  @Test
  void verify_logFromAnotherStore_reportsAltered() throws Exception {
    writeSomeEvents();
    Path other = tmp.resolve("other");
    try (SecretStore store = SecretStore.create(StoreConfig.builder(other,
        PassphraseKeyProvider.of(TestStores.PASSPHRASE, Argon2Settings.OWASP_MINIMUM))
        .audit(AuditConfig.inStoreDirectory().build()).build())) {
      store.put("app/x", utf8("x"));
    }
    Files.copy(other.resolve(AuditConfig.DEFAULT_FILE_NAME), log(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(verify().problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.ALTERED);
      assertThat(p.line()).isEqualTo(1);
    });
  }

  @Test
  void rotation_bySize_keepsTheChainAcrossFiles() throws Exception {
    AuditConfig small = AuditConfig.inStoreDirectory().rotateAtBytes(4096).build();
    try (SecretStore store = SecretStore.create(config(small))) {
      for (int i = 0; i < 60; i++) {
        store.put("app/s" + (i % 7), utf8("v"));
      }
    }
    try (Stream<Path> files = Files.list(dir())) {
      assertThat(files.filter(f -> f.getFileName().toString().startsWith("audit.log.")).count()).isGreaterThan(2);
    }
    AuditVerification whole = verify();
    assertThat(whole.intact()).isTrue();
    assertThat(whole.firstSequence()).isEqualTo(1);
    assertThat(whole.lastSequence()).isEqualTo(62);

    Files.delete(dir().resolve("audit.log.1")); // retention removed the oldest file
    AuditVerification rest = verify();
    assertThat(rest.intact()).isTrue();
    assertThat(rest.firstSequence()).isGreaterThan(1);

    Path second = dir().resolve("audit.log.2");
    List<String> lines = Files.readAllLines(second);
    lines.remove(1);
    Files.write(second, lines);
    assertThat(verify().problem()).hasValueSatisfying(p -> {
      assertThat(p.kind()).isEqualTo(Kind.REMOVED);
      assertThat(p.file()).isEqualTo(second);
      assertThat(p.line()).isEqualTo(2);
    });
  }

  @Test
  void get_logCannotBeWritten_failsClosedAndReturnsNothing() throws Exception {
    try (SecretStore store = SecretStore.create(config())) {
      store.put("app/key", utf8("v"));
      breakLog();
      assertThatThrownBy(() -> store.get("app/key")).isInstanceOf(AuditException.class)
          .hasMessageContaining("operation is refused");
      assertThatThrownBy(() -> store.put("app/key", utf8("w"))).isInstanceOf(AuditException.class);
    }
  }

  @Test
  void get_logCannotBeWrittenBestEffort_succeeds() throws Exception {
    AuditConfig bestEffort = AuditConfig.inStoreDirectory().failureMode(AuditFailureMode.BEST_EFFORT).build();
    try (SecretStore store = SecretStore.create(config(bestEffort))) {
      store.put("app/key", utf8("v"));
      breakLog();
      try (SecureBuffer value = store.get("app/key")) {
        assertThat(value.length()).isEqualTo(1);
      }
    }
  }

  // A directory where the log was: the writer notices the file changed, and cannot open the new one.
  private void breakLog() throws IOException {
    Files.move(log(), dir().resolve("moved-away.log"));
    Files.createDirectory(log());
    Files.writeString(log().resolve("x"), "x");
  }

  @Test
  void get_tamperedCiphertext_isACriticalEvent() throws Exception {
    try (SecretStore store = SecretStore.create(config())) {
      store.put("app/key", utf8("value"));
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir().resolve("store.db"));
          PreparedStatement s = c.prepareStatement(
              "UPDATE versions SET value_ct = substr(value_ct, 1, 20) || x'00' || substr(value_ct, 22)")) {
        s.executeUpdate();
      }
      assertThatThrownBy(() -> store.get("app/key")).isInstanceOf(IntegrityException.class);
    }
    assertThat(lines().get(2)).contains("\"level\":\"CRITICAL\"", "\"error\":\"integrity\"");
  }

  @Test
  void log_twoProcessesAppending_keepOneUnbrokenChain() throws Exception {
    try (SecretStore store = SecretStore.create(config())) {
      store.put("app/counter", utf8("0"));
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), AuditChild.class.getName(), dir().toString(), "300")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (SecretStore store = SecretStore.open(config())) {
      for (int i = 0; i < 300; i++) {
        store.get("app/counter").close();
      }
    }
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
    assertThat(child.exitValue()).isZero();
    AuditVerification result = verify();
    assertThat(result.problem()).isEmpty();
    // create, put, close; then per process open + 300 events + close
    assertThat(result.lastSequence()).isEqualTo(3 + 2 * 302);
  }

  @Test
  void open_wrongPassphrase_isChainedAtTheNextOpen() throws Exception {
    writeSomeEvents();
    StoreConfig wrong = StoreConfig.builder(dir(),
            PassphraseKeyProvider.of("not the passphrase".toCharArray(), Argon2Settings.OWASP_MINIMUM))
        .audit(AuditConfig.inStoreDirectory().build())
        .build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> SecretStore.open(wrong)).isInstanceOf(StoreAccessDeniedException.class);
    }
    Path pending = dir().resolve("audit.log.pending");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pending))).isEqualTo("rw-------");
    try (SecretStore store = SecretStore.open(config())) {
      store.put("app/after", utf8("x"));
    }
    assertThat(pending).doesNotExist();
    List<String> lines = lines();
    assertThat(lines.get(9)).contains("\"op\":\"open\"", "\"error\":\"access_denied\"", "\"level\":\"ERROR\"",
        "\"source\":\"unauthenticated\"", "\"reported_pid\":");
    assertThat(lines.get(10)).contains("\"error\":\"access_denied\"");
    assertThat(verify().intact()).isTrue();
  }

  @Test
  void get_memoryCannotBeLocked_isOneWarnEvent() throws Exception {
    Assumptions.assumeTrue(onPath("prlimit") && onPath("setpriv") || System.getenv("CI") != null,
        "util-linux prlimit and setpriv are needed to forbid locking memory");
    try (SecretStore store = SecretStore.create(config())) {
      store.put("app/counter", utf8("0"));
    }
    List<String> cmd = new ArrayList<>(List.of("prlimit", "--memlock=0:0", "setpriv", "--inh-caps=-ipc_lock",
        "--bounding-set=-ipc_lock", "--", ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), AuditChild.class.getName(), dir().toString(), "3"));
    Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("child finished").isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    List<String> warnings = lines().stream().filter(l -> l.contains("\"degraded\":\"memory_not_locked\"")).toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.getFirst()).contains("\"level\":\"WARN\"", "\"op\":\"get\"");
    assertThat(verify().intact()).isTrue();
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
