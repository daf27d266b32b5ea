package dev.sectools.secrets.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.internal.secrets.keys.Pkcs11Slots;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real SoftHSM2: each test runs in a child JVM with its own token directory and
 * {@code SOFTHSM2_CONF}, holding two tokens ({@link SoftHsm#TOKEN_A}, {@link SoftHsm#TOKEN_B}).
 */
class Pkcs11KeyProviderTest {
  private static final byte[] AD = "associated".getBytes(UTF_8);
  private static final String PIN_VARIABLE = "SECTOOLS_TEST_HSM_PIN";

  @RegisterExtension
  static final InChildJvm CHILD = InChildJvm.with((test, work) -> {
    Map<String, String> env = new java.util.HashMap<>(SoftHsm.prepare(work));
    env.put(PIN_VARIABLE, SoftHsm.PIN);
    return new InChildJvm.Launch(java.util.List.of(), env);
  });

  @TempDir Path tmp;

  @Test
  void create_thenOpen_decryptsInsideTheToken() throws Exception {
    WrappingKey created;
    byte[] ciphertext;
    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).build()) {
      created = provider.create();
      ciphertext = created.aead().encrypt("keyset bytes".getBytes(UTF_8), AD);
    }

    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).build()) {
      byte[] plaintext = provider.open(created.parameters()).aead().decrypt(ciphertext, AD);

      assertThat(new String(plaintext, UTF_8)).isEqualTo("keyset bytes");
    }
  }

  @Test
  void create_keyIsSensitiveAndNotExtractable() throws Exception {
    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).keyLabel("store-kek").build()) {
      provider.create();
    }

    Key key = tokenKeyStore(SoftHsm.TOKEN_A).getKey("store-kek", null);

    assertThat(key.getEncoded()).isNull();
    assertThat(key.toString()).contains("token object").contains("sensitive").contains("unextractable");
  }

  @Test
  void create_parametersNameTheKeyNotTheTokenOrPin() throws Exception {
    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).keyLabel("store-kek").build()) {
      String parameters = new String(provider.create().parameters(), UTF_8);

      assertThat(parameters).contains("store-kek").doesNotContain(SoftHsm.PIN).doesNotContain(SoftHsm.TOKEN_A);
      assertThat(provider.toString()).doesNotContain(SoftHsm.PIN);
    }
  }

  @Test
  void createStore_thenReopen_readsSecrets() throws Exception {
    Path dir = tmp.resolve("store");
    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).build();
         SecretStore store = SecretStore.create(config(dir, provider))) {
      store.put("app/db-password", "hunter2".getBytes(UTF_8));
    }

    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).build();
         SecretStore store = SecretStore.open(config(dir, provider));
         SecureBuffer value = store.get("app/db-password")) {
      assertThat(value.copyToStringUnwipeable(UTF_8)).isEqualTo("hunter2");
    }
  }

  @Test
  void open_wrongPin_accessDenied() throws Exception {
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");

    try (Pkcs11KeyProvider wrong = Pkcs11KeyProvider.builder(SoftHsm.library())
        .tokenLabel(SoftHsm.TOKEN_A).pin("0000-wrong".toCharArray()).build()) {
      assertThatThrownBy(() -> SecretStore.open(config(dir, wrong)))
          .isInstanceOf(StoreAccessDeniedException.class)
          .hasMessageNotContaining("0000-wrong");
    }
  }

  @Test
  void open_tokenMissing_clearErrorNamingTheTokens() throws Exception {
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");

    try (Pkcs11KeyProvider absent = SoftHsm.token("unplugged-token").build()) {
      assertThatThrownBy(() -> SecretStore.open(config(dir, absent)))
          .isInstanceOf(KeyStorageUnavailableException.class)
          .hasMessageContaining("no PKCS#11 token labelled 'unplugged-token'")
          .hasMessageContaining(SoftHsm.TOKEN_A)
          .hasMessageNotContaining(SoftHsm.PIN);
    }
  }

  @Test
  void open_slotWithoutToken_clearError() throws Exception {
    long unused = Pkcs11Slots.tokens(SoftHsm.library()).keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
    try (Pkcs11KeyProvider absent = Pkcs11KeyProvider.builder(SoftHsm.library())
        .slot(unused).pin(SoftHsm.PIN.toCharArray()).build()) {
      assertThatThrownBy(absent::create)
          .isInstanceOf(KeyStorageUnavailableException.class)
          .hasMessageContaining("slot " + unused);
    }
  }

  @Test
  void open_libraryMissing_clearError() throws Exception {
    try (Pkcs11KeyProvider absent = Pkcs11KeyProvider.builder(tmp.resolve("no-such-pkcs11.so"))
        .tokenLabel(SoftHsm.TOKEN_A).pin(SoftHsm.PIN.toCharArray()).build()) {
      assertThatThrownBy(absent::create)
          .isInstanceOf(KeyStorageUnavailableException.class)
          .hasMessageContaining("PKCS#11 library not found");
    }
  }

  @Test
  void open_keyDeletedFromToken_accessDenied() throws Exception {
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");
    KeyStore token = tokenKeyStore(SoftHsm.TOKEN_A);
    token.deleteEntry("kek");

    try (Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).build()) {
      assertThatThrownBy(() -> SecretStore.open(config(dir, provider)))
          .isInstanceOf(StoreAccessDeniedException.class);
    }
  }

  @Test
  void open_storeFromAnotherToken_accessDenied() throws Exception {
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");

    try (Pkcs11KeyProvider other = SoftHsm.token(SoftHsm.TOKEN_B).build()) {
      assertThatThrownBy(() -> SecretStore.open(config(dir, other)))
          .isInstanceOf(StoreAccessDeniedException.class);
    }
  }

  @Test
  void open_anotherTokenWithAKeyOfTheSameLabel_accessDenied() throws Exception {
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");
    try (Pkcs11KeyProvider other = SoftHsm.token(SoftHsm.TOKEN_B).keyLabel("kek").build()) {
      other.create(); // same label, different key

      assertThatThrownBy(() -> SecretStore.open(config(dir, other)))
          .isInstanceOf(StoreAccessDeniedException.class);
    }
  }

  @Test
  void create_keyLabelTaken_refusedAndOldKeyKept() throws Exception {
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");

    try (Pkcs11KeyProvider again = SoftHsm.token(SoftHsm.TOKEN_A).keyLabel("kek").build()) {
      assertThatThrownBy(again::create).isInstanceOf(FileAlreadyExistsException.class);
      try (SecretStore store = SecretStore.open(config(dir, again))) {
        assertThat(store.list("app/")).containsExactly("db-password");
      }
    }
  }

  @Test
  void pinFile_withTrailingNewline_logsIn() throws Exception {
    Path pinFile = Files.writeString(tmp.resolve("pin"), SoftHsm.PIN + "\n");
    try (Pkcs11KeyProvider provider = Pkcs11KeyProvider.builder(SoftHsm.library())
        .tokenLabel(SoftHsm.TOKEN_B).pinFile(pinFile).build()) {
      WrappingKey key = provider.create();

      assertThat(provider.open(key.parameters()).aead().decrypt(key.aead().encrypt(AD, AD), AD)).isEqualTo(AD);
    }
  }

  @Test
  void pinEnvironment_setOrUnset_logsInOrNamesTheVariable() throws Exception {
    try (Pkcs11KeyProvider provider = Pkcs11KeyProvider.builder(SoftHsm.library())
        .tokenLabel(SoftHsm.TOKEN_B).pinEnvironment(PIN_VARIABLE).build()) {
      assertThat(provider.create().parameters()).isNotEmpty();
    }
    try (Pkcs11KeyProvider provider = Pkcs11KeyProvider.builder(SoftHsm.library())
        .tokenLabel(SoftHsm.TOKEN_B).pinEnvironment("SECTOOLS_TEST_UNSET_PIN").build()) {
      assertThatThrownBy(provider::create)
          .isInstanceOf(KeyStorageUnavailableException.class)
          .hasMessageContaining("SECTOOLS_TEST_UNSET_PIN");
    }
  }

  @Test
  void slot_byIdFromTheSlotList_sameTokenAsByLabel() throws Exception {
    long slotOfA = Pkcs11Slots.tokens(SoftHsm.library()).entrySet().stream()
        .filter(e -> e.getValue().equals(SoftHsm.TOKEN_A)).findFirst().orElseThrow().getKey();
    Path dir = createStore(SoftHsm.TOKEN_A, "kek");

    try (Pkcs11KeyProvider bySlot = Pkcs11KeyProvider.builder(SoftHsm.library())
        .slot(slotOfA).pin(SoftHsm.PIN.toCharArray()).build();
         SecretStore store = SecretStore.open(config(dir, bySlot))) {
      assertThat(store.list("app/")).containsExactly("db-password");
    }
  }

  @Test
  void close_thenOpen_refused() throws Exception {
    char[] pin = SoftHsm.PIN.toCharArray();
    Pkcs11KeyProvider provider = SoftHsm.token(SoftHsm.TOKEN_A).pin(pin).build();
    WrappingKey key = provider.create();
    provider.close();

    assertThatThrownBy(() -> provider.open(key.parameters())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void builder_withoutExactlyOneTokenAndOnePin_refused() {
    Path library = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    assertThatThrownBy(() -> Pkcs11KeyProvider.builder(library).pin("1".toCharArray()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("slot and tokenLabel");
    assertThatThrownBy(() -> Pkcs11KeyProvider.builder(library).slot(1).tokenLabel("a").pin("1".toCharArray()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("slot and tokenLabel");
    assertThatThrownBy(() -> Pkcs11KeyProvider.builder(library).slot(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("had 0");
    assertThatThrownBy(() -> Pkcs11KeyProvider.builder(library).slot(1).pin("1".toCharArray()).pinEnvironment("P").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("had 2");
    assertThatThrownBy(() -> Pkcs11KeyProvider.builder(Path.of("relative.so")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
  }

  private Path createStore(String token, String keyLabel) throws Exception {
    Path dir = tmp.resolve("store-" + token);
    try (Pkcs11KeyProvider provider = SoftHsm.token(token).keyLabel(keyLabel).build();
         SecretStore store = SecretStore.create(config(dir, provider))) {
      store.put("app/db-password", "hunter2".getBytes(UTF_8));
    }
    return dir;
  }

  /** The token as another application sees it: its own SunPKCS11 instance, logged in. */
  private static KeyStore tokenKeyStore(String label) throws Exception {
    long slot = Pkcs11Slots.tokens(SoftHsm.library()).entrySet().stream()
        .filter(e -> e.getValue().equals(label)).findFirst().orElseThrow().getKey();
    Provider p = Security.getProvider("SunPKCS11")
        .configure("--name = test-view\nlibrary = " + SoftHsm.library() + "\nslot = " + slot + "\n");
    KeyStore ks = KeyStore.getInstance("PKCS11", p);
    ks.load(null, SoftHsm.PIN.toCharArray());
    return ks;
  }

  private static StoreConfig config(Path dir, KeyProvider provider) {
    return StoreConfig.builder(dir, provider).pathDisplay(PathDisplay.FULL).build();
  }
}
