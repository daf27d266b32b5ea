package dev.sectools.secrets.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A private SoftHSM2 with two tokens for one test: its own token directory and
 * {@code SOFTHSM2_CONF}. {@link #prepare} runs in the parent JVM; the accessors run in the child,
 * which SoftHSM reads the configuration from at load time.
 */
final class SoftHsm {
  static final String TOKEN_A = "sectools-a";
  static final String TOKEN_B = "sectools-b";
  static final String PIN = "0417-user-pin";
  static final String SO_PIN = "0417-so-pin";
  static final String LIBRARY_VARIABLE = "SECTOOLS_TEST_PKCS11_LIBRARY";
  static final List<Path> LIBRARIES = List.of(
      Path.of("/usr/lib/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
      Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
      Path.of("/usr/local/lib/softhsm/libsofthsm2.so"));

  private SoftHsm() {}

  /** Makes the token directory and configuration in {@code work}, and two initialised tokens. */
  static Map<String, String> prepare(Path work) throws IOException, InterruptedException {
    Path util = Requirements.tool("softhsm2-util", "softhsm2");
    Path library = Requirements.file(LIBRARIES, "the SoftHSM2 PKCS#11 module (Debian package softhsm2)");
    Path tokens = Files.createDirectory(work.resolve("tokens"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path conf = work.resolve("softhsm2.conf");
    Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n",
        StandardCharsets.UTF_8);
    Map<String, String> env = Map.of("SOFTHSM2_CONF", conf.toString(), LIBRARY_VARIABLE, library.toString());
    for (String label : List.of(TOKEN_A, TOKEN_B)) {
      run(env, util.toString(), "--init-token", "--free", "--label", label, "--pin", PIN, "--so-pin", SO_PIN);
    }
    return env;
  }

  /** In the child: the SoftHSM module. */
  static Path library() {
    return Path.of(System.getenv(LIBRARY_VARIABLE));
  }

  /** In the child: a provider for {@code token} with the right PIN. */
  static Pkcs11KeyProvider.Builder token(String token) {
    return Pkcs11KeyProvider.builder(library()).tokenLabel(token).pin(PIN.toCharArray());
  }

  static void run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
