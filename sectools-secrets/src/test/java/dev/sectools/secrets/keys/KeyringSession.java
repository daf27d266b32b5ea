package dev.sectools.secrets.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A private D-Bus session for one child JVM, with or without an unlocked GNOME Keyring: its own
 * HOME (the keyring files) and {@code XDG_RUNTIME_DIR} ({@code 0700}), so no test touches the
 * user's keyring.
 */
final class KeyringSession {
  /** What the child's session offers. */
  enum Kind {
    /** dbus-run-session, gnome-keyring-daemon started and its login keyring unlocked. */
    UNLOCKED_KEYRING,
    /** dbus-run-session only: the Secret Service is D-Bus activated with no unlocked keyring. */
    LOCKED_KEYRING,
    /** No session bus at all: DBUS_SESSION_BUS_ADDRESS unset. */
    NO_SESSION_BUS
  }

  private static final String KEYRING_PASSWORD = "keyring-test-password";
  /**
   * Starts the keyring daemon in the foreground as this shell's child, unlocking a new login
   * keyring with the password on stdin; waits for it to be ready (it closes its stdout, read
   * here through a FIFO); runs the child JVM; then stops the daemon and waits for it, so that
   * nothing writes into the private HOME once the test's directory is being removed.
   * Arguments: the daemon, then the JVM command.
   */
  private static final String UNLOCKED_SCRIPT = """
      daemon=$1; shift
      ready="$XDG_RUNTIME_DIR/keyring-ready"
      mkfifo -m 600 "$ready" || exit 97
      printf '%s' "$SECTOOLS_TEST_KEYRING_PASSWORD" \
        | "$daemon" --foreground --unlock --components=secrets > "$ready" &
      keyring=$!
      unset SECTOOLS_TEST_KEYRING_PASSWORD
      cat "$ready" > /dev/null
      "$@"
      status=$?
      kill "$keyring"
      wait "$keyring"
      exit $status
      """;

  private KeyringSession() {}

  /** The command prefix and environment for a child with {@code kind} of session. */
  static InChildJvm.Launch prepare(Kind kind, Path work, Map<String, String> extraEnv) throws IOException {
    Path home = Files.createDirectory(work.resolve("home"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path runtime = Files.createDirectory(work.resolve("run"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    List<String> prefix = switch (kind) {
      case NO_SESSION_BUS -> List.of("env", "-u", "DBUS_SESSION_BUS_ADDRESS", "-u", "XDG_DATA_HOME",
          "-u", "XDG_CONFIG_HOME", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY");
      case LOCKED_KEYRING -> List.of(
          Requirements.tool("dbus-run-session", "dbus").toString(), "--",
          "env", "-u", "XDG_DATA_HOME", "-u", "XDG_CONFIG_HOME", "-u", "DISPLAY");
      case UNLOCKED_KEYRING -> {
        Path daemon = Requirements.tool("gnome-keyring-daemon", "gnome-keyring");
        env.put("SECTOOLS_TEST_KEYRING_PASSWORD", KEYRING_PASSWORD);
        yield List.of(Requirements.tool("dbus-run-session", "dbus").toString(), "--",
            "env", "-u", "XDG_DATA_HOME", "-u", "XDG_CONFIG_HOME", "-u", "DISPLAY",
            "sh", "-c", UNLOCKED_SCRIPT, "sh", daemon.toString());
      }
    };
    if (kind == Kind.LOCKED_KEYRING) {
      Requirements.tool("gnome-keyring-daemon", "gnome-keyring"); // what D-Bus activates
    }
    return new InChildJvm.Launch(prefix, env);
  }
}
