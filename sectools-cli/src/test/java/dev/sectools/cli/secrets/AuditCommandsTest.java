package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.Sectools;
import dev.sectools.junit.SecureTempDir;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AuditCommandsTest {
  private static final String CANARY = "canary-31b7c0de-value";

  @SecureTempDir
  Path home;

  /** A store with its audit log on, and a secret written and read. */
  private Cli auditedStore() throws Exception {
    Cli cli = Cli.withStore(home);
    assertThat(cli.run("secrets", "audit", "enable").exit()).isZero();
    cli.stdin(CANARY).run("secrets", "set", "app/token");
    cli.run("secrets", "get", "app/token");
    return cli;
  }

  private Path log() {
    return home.resolve("store").resolve("audit.log");
  }

  @Test
  void verify_noAuditLog_notFoundSayingHowToStartOne() throws Exception {
    Cli cli = Cli.withStore(home);

    Cli.Result r = cli.run("secrets", "audit", "verify");

    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("keeps no audit log").contains("sectools secrets audit enable");
    assertThat(cli.run("secrets", "audit", "tail").exit()).isEqualTo(3);
  }

  @Test
  void initAudit_startsTheLogThatLaterCommandsKeep() throws Exception {
    Cli cli = Cli.in(home).env("SECTOOLS_PASSPHRASE_FILE", Files.writeString(home.resolve("p"), Cli.PASSPHRASE).toString())
        .env("SECTOOLS_STORE", home.resolve("store").toString());

    assertThat(cli.run("secrets", "init", "--kdf", "minimum", "--audit").exit()).isZero();
    long before = Files.size(log());
    cli.stdin("v").run("secrets", "set", "app/token");

    assertThat(Files.size(log())).isGreaterThan(before);
  }

  @Test
  void verify_intactLog_exitsZeroWithAReport() throws Exception {
    Cli cli = auditedStore();

    Cli.Result r = cli.run("secrets", "audit", "verify");
    Cli.Result json = cli.run("secrets", "audit", "verify", "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("audit log intact: ").contains(" events (#1 to #").contains(log().toString());
    assertThat(json.out()).startsWith("{\"intact\":true,\"events\":").contains("\"problem\":null");
  }

  @Test
  void verify_alteredLine_integrityFailureNamingFileAndLine() throws Exception {
    Cli cli = auditedStore();
    List<String> lines = new ArrayList<>(Files.readAllLines(log()));
    lines.set(2, lines.get(2).replaceFirst("\"outcome\":\"[a-z]+\"", "\"outcome\":\"denied\""));
    Files.write(log(), lines);

    Cli.Result r = cli.run("secrets", "audit", "verify");
    Cli.Result json = cli.run("secrets", "audit", "verify", "--json");

    assertThat(r.exit()).isEqualTo(5);
    assertThat(r.err()).contains("audit log broken: ALTERED at " + log() + ":3");
    assertThat(json.exit()).isEqualTo(5);
    assertThat(json.out()).contains("\"intact\":false").contains("\"kind\":\"altered\"").contains("\"line\":3");
  }

  @Test
  void tail_lastTwo_printsEventsWithoutValues() throws Exception {
    Cli cli = auditedStore();

    Cli.Result r = cli.run("secrets", "audit", "tail", "-n", "2");
    Cli.Result json = cli.run("secrets", "audit", "tail", "-n", "3", "--json");

    assertThat(r.exit()).isZero();
    assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.matches("\\S+ [A-Z]+ +#\\d+ \\w+ \\w+.*"));
    assertThat(r.out()).contains(" get success ").contains("path=hmac-sha256:").doesNotContain("\"mac\"")
        .doesNotContain(CANARY);
    assertThat(json.out().lines()).hasSize(3).allMatch(l -> l.startsWith("{\"seq\":") && l.contains("\"mac\":"));
    assertThat(Files.readString(log())).doesNotContain(CANARY);
  }

  @Test
  void tailFollow_newEvent_isPrintedUntilInterrupted() throws Exception {
    Cli cli = auditedStore();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CliEnvironment env = CliEnvironment.builder()
        .variables(Map.of("SECTOOLS_STORE", home.resolve("store").toString()))
        .streams(InputStream.nullInputStream(), out, OutputStream.nullOutputStream()).build();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread follower = new Thread(() -> exit.set(Sectools.run(env, "secrets", "audit", "tail", "-n", "0", "--follow")));
    follower.start();
    try {
      cli.run("secrets", "list");
      awaitOutput(out, " success ");
    } finally {
      follower.interrupt();
      follower.join(10_000);
    }

    assertThat(exit.get()).isZero();
    assertThat(outText(out)).doesNotContain(" set ");
  }

  private static void awaitOutput(ByteArrayOutputStream out, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!outText(out).contains(expected)) {
      assertThat(System.nanoTime()).as("waiting for '%s' in: %s", expected, outText(out)).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String outText(ByteArrayOutputStream out) {
    return out.toString(java.nio.charset.StandardCharsets.UTF_8); // synchronized by ByteArrayOutputStream
  }

  @Test
  void tail_zeroLines_printsNothing() throws Exception {
    assertThat(auditedStore().run("secrets", "audit", "tail", "-n", "0").out()).isEmpty();
  }

  @Test
  void hash_pathOnStdin_isThePathFieldOfItsEvents() throws Exception {
    Cli cli = auditedStore();

    Cli.Result r = cli.stdin("app/token\n").run("secrets", "audit", "hash");

    assertThat(r.exit()).as(r.err()).isZero();
    String hash = r.out().strip();
    assertThat(hash).matches("hmac-sha256:[0-9a-f]{64}");
    assertThat(Files.readString(log())).contains("\"path\":\"" + hash + "\"");
  }

  @Test
  void hash_emptyInput_usage() throws Exception {
    Cli.Result r = auditedStore().stdin("").run("secrets", "audit", "hash");

    assertThat(r.exit()).isEqualTo(2);
  }

  @Test
  void hash_textAsArgument_refusedWithoutEchoingIt() throws Exception {
    Cli.Result r = auditedStore().run("secrets", "audit", "hash", CANARY);

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).doesNotContain(CANARY);
  }

  @Test
  void verify_wrongPassphrase_accessDenied() throws Exception {
    Cli cli = auditedStore().unset("SECTOOLS_PASSPHRASE_FILE").env("SECTOOLS_PASSPHRASE", "wrong");

    assertThat(cli.run("secrets", "audit", "verify").exit()).isEqualTo(6);
  }
}
