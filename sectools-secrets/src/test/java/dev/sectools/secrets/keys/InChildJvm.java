package dev.sectools.secrets.keys;

import static org.assertj.core.api.Assertions.fail;

import dev.sectools.temp.SecureTemp;
import dev.sectools.temp.TempDirectory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * Runs each test method of a class in a child JVM whose environment a {@link Setup} prepares,
 * and reports the child's outcome as the test's. For parts that a library reads from the process
 * environment when it loads (SoftHSM's {@code SOFTHSM2_CONF}, the D-Bus session address), which
 * a running JVM cannot change.
 *
 * <p>The child runs the same method through the JUnit Platform launcher; this extension sees
 * {@link #CHILD_MARKER} in its environment there and lets the method run.
 */
final class InChildJvm implements InvocationInterceptor {
  /** Set in the child's environment. */
  static final String CHILD_MARKER = "SECTOOLS_TEST_IN_CHILD";
  private static final long TIMEOUT_SECONDS = 180;

  /** What to run the child under, and with which environment. */
  record Launch(List<String> commandPrefix, Map<String, String> environment) {}

  /** Prepares the child's world in {@code work} (a fresh private directory) for {@code test}. */
  @FunctionalInterface
  interface Setup {
    Launch prepare(Method test, Path work) throws Exception;
  }

  private final Setup setup;

  private InChildJvm(Setup setup) {
    this.setup = setup;
  }

  static InChildJvm with(Setup setup) {
    return new InChildJvm(setup);
  }

  static boolean inChild() {
    return System.getenv(CHILD_MARKER) != null;
  }

  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
      ExtensionContext context) throws Throwable {
    if (inChild()) {
      invocation.proceed();
      return;
    }
    invocation.skip();
    Method method = call.getExecutable();
    try (TempDirectory work = SecureTemp.createDirectory("keys-child-")) {
      Launch launch = setup.prepare(method, work.path());
      Path output = work.path().resolve("child-output.txt");
      List<String> command = new ArrayList<>(launch.commandPrefix());
      command.addAll(javaCommand(method, work.path()));
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(work.path().toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile());
      builder.environment().putAll(launch.environment());
      builder.environment().put(CHILD_MARKER, "1");
      Process child = builder.start();
      if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        child.descendants().forEach(ProcessHandle::destroyForcibly);
        child.destroyForcibly();
        fail("child JVM did not finish within " + TIMEOUT_SECONDS + " s:\n" + read(output));
      }
      String text = read(output);
      switch (child.exitValue()) {
        case ChildMain.PASSED -> { }
        case ChildMain.ABORTED -> throw new TestAbortedException("skipped in the child JVM:\n" + text);
        default -> fail("test failed in the child JVM (exit " + child.exitValue() + "):\n" + text);
      }
    }
  }

  private static List<String> javaCommand(Method method, Path work) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        // JNA (under java-keyring) unpacks its native library below user.home, which comes from
        // the password database, not HOME: keep it in the test's directory.
        "-Djna.tmpdir=" + work.resolve("jna")));
    // Coverage of the code under test, which only runs in children here.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(arg -> arg.startsWith("-javaagent:") && arg.contains("jacoco"))
        .forEach(cmd::add);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildMain.class.getName(),
        method.getDeclaringClass().getName(), method.getName()));
    return cmd;
  }

  private static String read(Path output) throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "(no output)";
  }
}
