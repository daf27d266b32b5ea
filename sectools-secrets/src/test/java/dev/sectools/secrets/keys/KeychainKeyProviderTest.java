package dev.sectools.secrets.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real Secret Service: each test runs in a child JVM inside its own D-Bus session
 * ({@code dbus-run-session}) with GNOME Keyring unlocked in a private HOME, unless it asks for
 * another {@link KeyringSession.Kind}. Entries are changed behind the provider's back with
 * libsecret's {@code secret-tool}, as another program of the same user would.
 */
class KeychainKeyProviderTest {
  private static final byte[] AD = "associated".getBytes(UTF_8);
  private static final String SERVICE = "dev.sectools.test";

  /** The session a test's child runs in; without it, an unlocked keyring. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface Session {
    KeyringSession.Kind value();
  }

  @RegisterExtension
  static final InChildJvm CHILD = InChildJvm.with((test, work) -> {
    Session session = test.getAnnotation(Session.class);
    return KeyringSession.prepare(session == null ? KeyringSession.Kind.UNLOCKED_KEYRING : session.value(),
        work, Map.of());
  });

  @TempDir Path tmp;

  @Test
  void create_thenOpen_givesTheSameKey() throws Exception {
    WrappingKey created = KeychainKeyProvider.builder().service(SERVICE).build().create();
    byte[] ciphertext = created.aead().encrypt("keyset bytes".getBytes(UTF_8), AD);

    WrappingKey opened = KeychainKeyProvider.ofDefaults().open(created.parameters());

    assertThat(opened.aead().decrypt(ciphertext, AD)).isEqualTo("keyset bytes".getBytes(UTF_8));
  }

  @Test
  void create_storesTheKeyInTheKeyringAndOnlyItsNameInTheHeader() throws Exception {
    WrappingKey created = KeychainKeyProvider.builder().service(SERVICE).account("store-1").build().create();

    byte[] key = Base64.getDecoder().decode(secretTool("lookup", "service", SERVICE, "account", "store-1").strip());
    assertThat(key).hasSize(32);
    String parameters = new String(created.parameters(), UTF_8);
    assertThat(parameters).contains(SERVICE).contains("store-1");
    assertThat(indexOf(created.parameters(), key)).isEqualTo(-1);
  }

  @Test
  void createStore_thenReopen_readsSecrets() throws Exception {
    Path dir = tmp.resolve("store");
    try (SecretStore store = SecretStore.create(config(dir, KeychainKeyProvider.ofDefaults()))) {
      store.put("app/db-password", "hunter2".getBytes(UTF_8));
    }

    try (SecretStore store = SecretStore.open(config(dir, KeychainKeyProvider.ofDefaults()));
         SecureBuffer value = store.get("app/db-password")) {
      assertThat(value.copyToStringUnwipeable(UTF_8)).isEqualTo("hunter2");
    }
    assertThat(storeFilesContain(dir, secretTool("search", "--all", "service", KeychainKeyProvider.DEFAULT_SERVICE)))
        .isFalse();
  }

  @Test
  void create_accountTaken_refusedWithoutOverwriting() throws Exception {
    Path dir = tmp.resolve("store");
    KeychainKeyProvider named = KeychainKeyProvider.builder().service(SERVICE).account("shared").build();
    try (SecretStore store = SecretStore.create(config(dir, named))) {
      store.put("app/db-password", "hunter2".getBytes(UTF_8));
    }

    assertThatThrownBy(named::create).isInstanceOf(FileAlreadyExistsException.class);
    try (SecretStore store = SecretStore.open(config(dir, named))) {
      assertThat(store.list("app/")).containsExactly("db-password");
    }
  }

  @Test
  void open_entryDeletedFromKeyring_accessDenied() throws Exception {
    Path dir = tmp.resolve("store");
    KeychainKeyProvider named = KeychainKeyProvider.builder().service(SERVICE).account("doomed").build();
    SecretStore.create(config(dir, named)).close();

    secretTool("clear", "service", SERVICE, "account", "doomed");

    assertThatThrownBy(() -> SecretStore.open(config(dir, named))).isInstanceOf(StoreAccessDeniedException.class);
  }

  @Test
  void open_entryReplacedWithAnotherKey_accessDenied() throws Exception {
    Path dir = tmp.resolve("store");
    KeychainKeyProvider named = KeychainKeyProvider.builder().service(SERVICE).account("swapped").build();
    SecretStore.create(config(dir, named)).close();

    String otherKey = Base64.getEncoder().encodeToString(new byte[32]);
    secretToolWithInput(otherKey, "store", "--label=planted", "service", SERVICE, "account", "swapped");

    assertThatThrownBy(() -> SecretStore.open(config(dir, named))).isInstanceOf(StoreAccessDeniedException.class);
  }

  @Test
  void open_entryHoldsNoKey_accessDenied() throws Exception {
    Path dir = tmp.resolve("store");
    KeychainKeyProvider named = KeychainKeyProvider.builder().service(SERVICE).account("garbage").build();
    SecretStore.create(config(dir, named)).close();

    secretToolWithInput("not base64 at all!", "store", "--label=planted", "service", SERVICE, "account", "garbage");

    assertThatThrownBy(() -> SecretStore.open(config(dir, named))).isInstanceOf(StoreAccessDeniedException.class);
  }

  @Test
  @Session(KeyringSession.Kind.NO_SESSION_BUS)
  void create_noSessionBus_clearErrorNamingTheFix() {
    assertThatThrownBy(() -> KeychainKeyProvider.ofDefaults().create())
        .isInstanceOf(KeyStorageUnavailableException.class)
        .hasMessageContaining("DBUS_SESSION_BUS_ADDRESS is not set")
        .hasMessageContaining("gnome-keyring")
        .hasMessageContaining("dbus-run-session");
  }

  @Test
  @Session(KeyringSession.Kind.NO_SESSION_BUS)
  void open_noSessionBus_clearErrorNotAccessDenied() throws Exception {
    // Parameters as a store created elsewhere holds them: the key exists, the keychain is unreachable.
    byte[] parameters = {1, 0, 12, 'd', 'e', 'v', '.', 's', 'e', 'c', 't', 'o', 'o', 'l', 's', 0, 1, 'a'};

    assertThatThrownBy(() -> KeychainKeyProvider.ofDefaults().open(parameters))
        .isInstanceOf(KeyStorageUnavailableException.class)
        .hasMessageContaining("Secret Service");
  }

  @Test
  @Session(KeyringSession.Kind.LOCKED_KEYRING)
  void create_keyringLocked_clearErrorAndNoFallback() {
    assertThatThrownBy(() -> KeychainKeyProvider.ofDefaults().create())
        .isInstanceOf(KeyStorageUnavailableException.class)
        .hasMessageContaining("unlock the keyring");
  }

  @Test
  @Session(KeyringSession.Kind.NO_SESSION_BUS)
  void builder_blankOrControlCharacterNames_refused() {
    assertThatThrownBy(() -> KeychainKeyProvider.builder().service(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeychainKeyProvider.builder().account("a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(KeychainKeyProvider.builder().account("x").build().toString())
        .isEqualTo("KeychainKeyProvider[service=dev.sectools, account=x]");
  }

  private static StoreConfig config(Path dir, KeyProvider provider) {
    return StoreConfig.builder(dir, provider).pathDisplay(PathDisplay.FULL).build();
  }

  private static boolean storeFilesContain(Path dir, String keyringListing) throws IOException {
    String base64Key = keyringListing.lines().filter(l -> l.startsWith("secret = "))
        .map(l -> l.substring("secret = ".length())).findFirst().orElseThrow();
    byte[] key = Base64.getDecoder().decode(base64Key);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        byte[] content = Files.readAllBytes(f);
        if (new String(content, UTF_8).contains(base64Key) || indexOf(content, key) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String secretTool(String... args) throws Exception {
    return secretToolWithInput(null, args);
  }

  private static String secretToolWithInput(String input, String... args) throws Exception {
    Path tool = Requirements.tool("secret-tool", "libsecret-tools");
    String[] command = Stream.concat(Stream.of(tool.toString()), Stream.of(args)).toArray(String[]::new);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      if (input != null) {
        in.write(input.getBytes(UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor()).as("secret-tool %s: %s", String.join(" ", args), out).isZero();
    return out;
  }
}
