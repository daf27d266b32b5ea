package dev.sectools.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.SectoolsProcess;
import dev.sectools.junit.SecureTempDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent as real processes: {@code agent start} daemonizes a JVM in a private
 * {@code XDG_RUNTIME_DIR}; clients are separate JVMs, the fast entry point among them.
 */
class AgentProcessTest {
  private static final String CANARY = "canary-7f3a9c-value";

  @SecureTempDir
  Path home;

  Map<String, String> vars;
  Path runtime;
  Long agentPid;

  @BeforeEach
  void store() throws Exception {
    Cli.withStore(home).stdin(CANARY).run("secrets", "set", "app/db");
    runtime = Files.createDirectory(home.resolve("run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    vars = new HashMap<>(Map.of("HOME", home.toString(), "XDG_RUNTIME_DIR", runtime.toString(),
        "SECTOOLS_STORE", home.resolve("store").toString()));
  }

  @AfterEach
  void stopAgent() throws Exception {
    if (agentPid != null) {
      run(vars, "agent", "stop");
      ProcessHandle.of(agentPid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void get_agentUnlocked_noPassphraseSource_fastClientPrintsValueWithoutPicocliTinkOrSqlite() throws Exception {
    start("15m");
    assertThat(run(withPassphrase(), "secrets", "get", "app/db").out()).isEqualTo(CANARY); // unlocks it
    Path classes = home.resolve("classes.log");

    Run fast = fast(List.of("-Xlog:class+load=info:file=" + classes), "secrets", "get", "app/db");

    assertThat(fast.exit()).isZero();
    assertThat(fast.out()).isEqualTo(CANARY);
    assertThat(Files.readString(classes)).contains("dev.sectools.cli.agent.AgentClient ")
        .doesNotContain("picocli.", "com.google.crypto.tink.", "org.sqlite.", "org.bouncycastle.");
  }

  @Test
  void get_agentUnlockedJsonAndVersion_fastClientPrintsJson() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run fast = fast(List.of(), "secrets", "get", "app/db", "--version", "1", "--json");

    assertThat(fast.out()).isEqualTo("{\"path\":\"app/db\",\"version\":1,\"value\":\"" + CANARY + "\"}\n");
  }

  @Test
  void get_missingSecretThroughAgent_exits3WithOneLine() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run fast = fast(List.of(), "secrets", "get", "app/none");

    assertThat(fast.exit()).isEqualTo(3);
    assertThat(fast.err()).startsWith("sectools: no secret").doesNotContain(CANARY);
  }

  @Test
  void get_afterLockWithoutPassphrase_exits2SayingAgentIsLocked() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    assertThat(run(vars, "agent", "lock").exit()).isZero();
    Run locked = fast(List.of(), "secrets", "get", "app/db");

    assertThat(locked.exit()).isEqualTo(2);
    assertThat(locked.err()).contains("the agent does not hold the store", "locked", "--passphrase-file");
    assertThat(status()).contains("locked=true");
  }

  @Test
  void get_afterLockWithPassphrase_unlocksAgainAndPrintsValue() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");
    run(vars, "agent", "lock");

    Run again = fast(List.of(), withPassphrase(), "secrets", "get", "app/db");

    assertThat(again.out()).isEqualTo(CANARY);
    assertThat(status()).contains("locked=false", "store=" + home.resolve("store").toRealPath());
  }

  @Test
  void unlock_wrongPassphrase_exits6AndAgentStaysLocked() throws Exception {
    start("15m");
    Files.writeString(home.resolve("wrong"), "not the passphrase\n");
    Map<String, String> wrong = new HashMap<>(vars);
    wrong.put("SECTOOLS_PASSPHRASE_FILE", home.resolve("wrong").toString());

    Run r = run(wrong, "secrets", "get", "app/db");

    assertThat(r.exit()).isEqualTo(6);
    assertThat(status()).contains("locked=true");
  }

  @Test
  void idleTimeout_elapsed_agentLocksItself() throws Exception {
    start("1s");
    run(withPassphrase(), "secrets", "get", "app/db");

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!status().contains("locked=true") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    assertThat(status()).contains("locked=true");
    assertThat(Files.readString(log())).contains("locked after PT1S idle");
  }

  @Test
  void stop_running_removesSocketAndEndsProcess() throws Exception {
    start("15m");

    assertThat(run(vars, "agent", "stop").exit()).isZero();

    assertThat(socket()).doesNotExist();
    ProcessHandle.of(agentPid).ifPresent(h -> h.onExit().join());
    assertThat(ProcessHandle.of(agentPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(run(vars, "agent", "status").exit()).isEqualTo(3);
  }

  @Test
  void start_fresh_directorySocketLogAndLockArePrivate() throws Exception {
    start("15m");

    assertThat(mode(socket().getParent())).isEqualTo("rwx------");
    for (Path p : List.of(socket(), log(), socket().resolveSibling("agent.sock.lock"))) {
      assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
    }
  }

  @Test
  void start_directoryOpenToOthers_refusedWithExit7() throws Exception {
    Files.createDirectory(runtime.resolve("sectools"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    Run r = run(vars, "agent", "start", "--foreground");

    assertThat(r.exit()).isEqualTo(7);
    assertThat(runtime.resolve("sectools/agent.sock")).doesNotExist();
  }

  @Test
  void start_agentAlreadyRunning_exits4() throws Exception {
    start("15m");

    Run second = run(vars, "agent", "start");

    assertThat(second.exit()).isEqualTo(4);
    assertThat(second.err()).contains("already running");
  }

  @Test
  void start_staleSocketOfSigkilledAgent_replacedAndServes() throws Exception {
    start("15m");
    ProcessHandle killed = ProcessHandle.of(agentPid).orElseThrow();
    killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
    killed.onExit().get(30, TimeUnit.SECONDS);
    assertThat(Files.exists(socket(), LinkOption.NOFOLLOW_LINKS)).isTrue();

    start("15m");

    assertThat(run(withPassphrase(), "secrets", "get", "app/db").out()).isEqualTo(CANARY);
    assertThat(Files.readString(log())).contains("removed the stale socket");
  }

  @Test
  void connect_fromAnotherUser_refusedAndLogged() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: needs root to run a client as nobody");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/python3")),
        "skipped: setpriv (util-linux) or /usr/bin/python3 is not installed");
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");
    // Let nobody past the file permissions (a misconfiguration), so that only SO_PEERCRED stands in the way.
    for (Path p = socket().getParent(); !p.equals(home.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
    }
    Files.setPosixFilePermissions(socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
    String client = "import socket,struct,sys\n"
        + "s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n"
        + "p=sys.argv[2].encode(); d=sys.argv[3].encode()\n"
        + "body=b'G'+bytes([3])+struct.pack('>I',len(d))+d+struct.pack('>I',len(p))+p+struct.pack('>I',1)+b'0'\n"
        + "got=b''\n"
        + "try:\n  s.sendall(struct.pack('>I',len(body))+body)\n"
        + "  while True:\n    c=s.recv(4096)\n    if not c: break\n    got+=c\n"
        + "except (ConnectionResetError, BrokenPipeError):\n  pass\n"
        + "print('received', len(got))\n";
    Process p = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
        "/usr/bin/python3", "-c", client, socket().toString(), "app/db", home.resolve("store").toRealPath().toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("received 0").doesNotContain(CANARY);
    assertThat(Files.readString(log())).contains("refused a connection from user nobody");
  }

  @Test
  void agent_afterUnlockGetAndLock_noValueOrPassphraseInItsFiles() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");
    fast(List.of(), "secrets", "get", "app/db", "--json");
    run(vars, "agent", "lock");
    run(vars, "agent", "stop");

    try (Stream<Path> files = Files.walk(runtime)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString())
            .doesNotContain(CANARY, Cli.PASSPHRASE);
      }
    }
    assertThat(Files.readString(log())).contains("unlocked", "stopped");
  }

  @Test
  void get_dbUrlWithAgentRunning_opensTheDatabaseItselfNotTheAgent() throws Exception {
    start("15m");
    Map<String, String> db = withPassphrase();
    db.put("SECTOOLS_DB_URL", "jdbc:postgresql://127.0.0.1:9/sectools?connectTimeout=1");

    Run r = run(db, "secrets", "get", "app/db");

    assertThat(r.exit()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("retry when it is back").doesNotContain("agent");
    assertThat(status()).doesNotContain("store=");
  }

  @Test
  void nativeClient_agentHoldsStore_printsExactlyTheValueAndJson() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run plain = nativeClient(home, vars, "secrets", "get", "app/db");
    Run json = nativeClient(home, vars, "-q", "secrets", "get", "app/db", "--version", "1", "--json");

    assertThat(plain).isEqualTo(new Run(0, CANARY, ""));
    assertThat(json.out()).isEqualTo("{\"path\":\"app/db\",\"version\":1,\"value\":\"" + CANARY + "\"}\n");
  }

  @Test
  void nativeClient_relativeStore_resolvedInTheCallersDirectory() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");
    Map<String, String> noStore = new HashMap<>(vars);
    noStore.remove("SECTOOLS_STORE");

    Run relative = nativeClient(home, noStore, "secrets", "get", "app/db", "--store", "store");

    assertThat(relative).isEqualTo(new Run(0, CANARY, ""));
  }

  @Test
  void nativeClient_missingSecret_exits3WithTheAgentsMessage() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run missing = nativeClient(home, vars, "secrets", "get", "app/none");

    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).startsWith("sectools: no secret").doesNotContain(CANARY);
    assertThat(missing.out()).isEmpty();
  }

  @Test
  void nativeClient_lockedAgentNoAgentOrOtherCommand_exits125ForTheFullCommandLine() throws Exception {
    assertThat(nativeClient(home, vars, "secrets", "get", "app/db").exit()).as("no agent").isEqualTo(125);
    start("15m");
    assertThat(nativeClient(home, vars, "secrets", "get", "app/db").exit()).as("never unlocked").isEqualTo(125);
    run(withPassphrase(), "secrets", "get", "app/db");
    assertThat(nativeClient(home, vars, "secrets", "list").exit()).as("another command").isEqualTo(125);
    assertThat(nativeClient(home, vars, "secrets", "get", "app/db", "--passphrase-file", "x").exit())
        .as("an option only the full command line knows").isEqualTo(125);
    run(vars, "agent", "lock");

    Run locked = nativeClient(home, vars, "secrets", "get", "app/db");

    assertThat(locked).as("locked").isEqualTo(new Run(125, "", ""));
  }

  @Test
  void readCommands_agentUnlocked_noPassphraseSource_servedByTheAgent() throws Exception {
    Run local = run(withPassphrase(), "-q", "secrets", "list", "--json", "-r"); // no agent yet
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db"); // unlocks the store in the agent

    Run list = run(vars, "-q", "secrets", "list", "--json", "-r");
    Run versions = run(vars, "secrets", "versions", "app/db");
    Run metadata = run(vars, "secrets", "metadata", "app/db");
    Run status = run(vars, "secrets", "status");

    assertThat(list).as("same bytes as without the agent").isEqualTo(local);
    assertThat(versions.exit()).as(versions.err()).isZero();
    assertThat(versions.out()).contains("VERSION", "live");
    assertThat(metadata.exit()).as(metadata.err()).isZero();
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("secrets   1");
    assertThat(List.of(list, versions, metadata, status)).allSatisfy(r -> assertThat(r.err() + r.out())
        .doesNotContain(CANARY));
  }

  @Test
  void set_agentUnlocked_valueFromStdinStoredWithoutPassphrase() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run set = runWithInput(home, vars, "second-" + CANARY, "secrets", "set", "app/db", "--json");

    assertThat(set.exit()).as(set.err()).isZero();
    assertThat(set.out()).isEqualTo("{\"path\":\"app/db\",\"version\":2}\n");
    assertThat(set.err()).isEqualTo("stored version 2\n");
    assertThat(run(vars, "secrets", "get", "app/db").out()).isEqualTo("second-" + CANARY);
    assertThat(Files.readString(log())).doesNotContain(CANARY);
  }

  @Test
  void servedCommands_failures_keepTheirExitCodesAndOneLineMessages() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run conflict = runWithInput(home, vars, "x", "secrets", "set", "app/db", "--cas", "7");
    Run missing = run(vars, "secrets", "versions", "app/none");
    Run usage = run(vars, "secrets", "destroy", "app/db");

    assertThat(conflict.exit()).isEqualTo(4);
    assertThat(conflict.err()).startsWith("sectools: ").hasLineCount(1);
    assertThat(missing.exit()).isEqualTo(3);
    assertThat(missing.err()).startsWith("sectools: no secret").hasLineCount(1);
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("--yes");
    assertThat(run(vars, "secrets", "versions", "app/db").out()).doesNotContain("destroyed");
  }

  @Test
  void backup_relativeOut_writtenInTheClientsDirectoryNotTheAgents() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");
    Path work = Files.createDirectory(home.resolve("work"));

    Run backup = runIn(work, vars, "secrets", "backup", "--out", "copy.bak");

    assertThat(backup.exit()).as(backup.err()).isZero();
    assertThat(mode(work.resolve("copy.bak"))).isEqualTo("rw-------");
    assertThat(Files.readAllBytes(work.resolve("copy.bak"))).isNotEmpty();
  }

  @Test
  void servedCommand_agentLockedAndNoPassphrase_exits2SayingHowToUnlock() throws Exception {
    start("15m");

    Run r = run(vars, "secrets", "list");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("the agent does not hold the store", "--passphrase-file").hasLineCount(1);
  }

  @Test
  void commandsTheAgentDoesNotServe_runInTheClient() throws Exception {
    start("15m");
    run(withPassphrase(), "secrets", "get", "app/db");

    Run passwd = run(vars, "secrets", "passwd");
    Run generated = run(vars, "secrets", "generate", "--length", "20");

    assertThat(passwd.exit()).as("passwd asks for the passphrase itself").isEqualTo(2);
    assertThat(passwd.err()).contains("no passphrase");
    assertThat(generated.exit()).isZero();
    assertThat(generated.out().strip()).hasSize(20);
  }

  private void start(String idle) throws Exception {
    Run r = run(vars, "agent", "start", "--idle-timeout", idle);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("SECTOOLS_AGENT_SOCK=" + socket() + "; export SECTOOLS_AGENT_SOCK;");
    String pidLine = r.out().lines().filter(l -> l.startsWith("SECTOOLS_AGENT_PID=")).findFirst().orElseThrow();
    agentPid = Long.parseLong(pidLine.substring("SECTOOLS_AGENT_PID=".length(), pidLine.indexOf(';')));
  }

  private String status() throws Exception {
    return run(vars, "agent", "status").out();
  }

  private Map<String, String> withPassphrase() {
    Map<String, String> m = new HashMap<>(vars);
    m.put("SECTOOLS_PASSPHRASE_FILE", home.resolve("passphrase").toString());
    return m;
  }

  private Path socket() {
    return runtime.resolve("sectools").resolve("agent.sock");
  }

  private Path log() {
    return socket().resolveSibling("agent.sock.log");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private Run fast(List<String> jvmOptions, String... args) throws Exception {
    return fast(jvmOptions, vars, args);
  }

  private static Run fast(List<String> jvmOptions, Map<String, String> env, String... args) throws Exception {
    return finish(SectoolsProcess.builder(AgentClientMain.class.getName(), jvmOptions, env, args).start());
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    return finish(SectoolsProcess.start(env, args));
  }

  private static Run runIn(Path cwd, Map<String, String> env, String... args) throws Exception {
    return finish(SectoolsProcess.builder(env, args).directory(cwd.toFile()).start());
  }

  private static Run runWithInput(Path cwd, Map<String, String> env, String input, String... args) throws Exception {
    Process p = SectoolsProcess.builder(env, args).directory(cwd.toFile()).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    return finish(p);
  }

  /** Runs the native client, compiled once from src/main/c with the system's C compiler. */
  private static Run nativeClient(Path cwd, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(NativeClient.binary().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return finish(pb.start());
  }

  /** The native client, built on first use; a missing compiler fails in CI and skips elsewhere. */
  private static final class NativeClient {
    private static Path binary;

    static synchronized Path binary() throws Exception {
      if (binary == null) {
        Path cc = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
            .map(d -> Path.of(d, "cc")).filter(Files::isExecutable).findFirst().orElse(null);
        if (cc == null) {
          String reason = "no C compiler (cc) to build the native client: apt-get install gcc libc6-dev";
          if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason);
          }
          System.out.println("skipped: " + reason);
          Assumptions.abort(reason);
        }
        Path out = Files.createTempDirectory("sectools-native-").resolve("sectools-get");
        Process p = new ProcessBuilder("bash", Path.of("src/main/c/build.sh").toAbsolutePath().toString(),
            out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(out).as(output).isExecutable();
        out.toFile().deleteOnExit();
        out.getParent().toFile().deleteOnExit();
        binary = out;
      }
      return binary;
    }
  }

  private static Run finish(Process p) throws Exception {
    p.getOutputStream().close();
    java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
  }

  private record Run(int exit, String out, String err) {}
}
