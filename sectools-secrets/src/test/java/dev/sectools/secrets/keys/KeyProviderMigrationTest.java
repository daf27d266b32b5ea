package dev.sectools.secrets.keys;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.PathDisplay;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreAccessDeniedException;
import dev.sectools.secrets.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SecretStore#changeKeyProvider} across every provider, with real parts: SoftHSM2 and
 * GNOME Keyring in the child JVM's own D-Bus session.
 */
class KeyProviderMigrationTest {
  @RegisterExtension
  static final InChildJvm CHILD = InChildJvm.with((test, work) ->
      KeyringSession.prepare(KeyringSession.Kind.UNLOCKED_KEYRING, work, SoftHsm.prepare(work)));

  @TempDir Path tmp;

  @Test
  void changeKeyProvider_passphraseToPkcs11ToKeychainToMachineBoundAndBack_keepsEverySecret() throws Exception {
    Path machineId = Files.writeString(tmp.resolve("machine-id"), "3d4c5b6a798877665544332211000fed\n");
    Path keyDir = tmp.resolve("machine-keys");
    char[] passphrase = "migration passphrase".toCharArray();
    List<Supplier<KeyProvider>> route = List.of(
        () -> PassphraseKeyProvider.of(passphrase, Argon2Settings.OWASP_MINIMUM),
        () -> SoftHsm.token(SoftHsm.TOKEN_A).build(),
        () -> KeychainKeyProvider.builder().service("dev.sectools.migration").build(),
        () -> MachineBoundKeyProvider.builder(keyDir).machineIdFiles(List.of(machineId)).build(),
        () -> KeychainKeyProvider.builder().service("dev.sectools.migration").build(),
        () -> SoftHsm.token(SoftHsm.TOKEN_B).build(),
        () -> PassphraseKeyProvider.of(passphrase, Argon2Settings.OWASP_MINIMUM));
    Path dir = tmp.resolve("store");
    List<String> written = new ArrayList<>();
    try (SecretStore store = SecretStore.create(config(dir, route.get(0).get()))) {
      store.put("app/step-0", "value 0".getBytes(UTF_8));
      written.add("step-0");
    }

    for (int step = 1; step < route.size(); step++) {
      KeyProvider previous = route.get(step - 1).get();
      KeyProvider next = route.get(step).get();
      try (SecretStore store = SecretStore.open(config(dir, previous))) {
        store.changeKeyProvider(next);
        store.put("app/step-" + step, ("value " + step).getBytes(UTF_8));
        written.add("step-" + step);
      }

      try (SecretStore store = SecretStore.open(config(dir, route.get(step).get()))) {
        assertThat(store.list("app/")).as("after step %d (%s)", step, next.kind())
            .containsExactlyInAnyOrderElementsOf(written);
        for (String name : written) {
          try (SecureBuffer value = store.get("app/" + name)) {
            assertThat(value.copyToStringUnwipeable(UTF_8)).isEqualTo("value " + name.substring(5));
          }
        }
      }
      Supplier<KeyProvider> old = route.get(step - 1);
      if (!previous.kind().equals(next.kind())) {
        assertThatThrownBy(() -> SecretStore.open(config(dir, old.get())))
            .as("the old %s provider after step %d", previous.kind(), step)
            .isInstanceOf(StoreAccessDeniedException.class)
            .hasMessageContaining(next.kind());
      }
    }
  }

  @Test
  void changeKeyProvider_toPkcs11ThenTokenSwapped_accessDenied() throws Exception {
    char[] passphrase = "migration passphrase".toCharArray();
    Path dir = tmp.resolve("store");
    try (SecretStore store = SecretStore.create(config(dir, PassphraseKeyProvider.of(passphrase, Argon2Settings.OWASP_MINIMUM)))) {
      store.put("app/secret", "v".getBytes(UTF_8));
      store.changeKeyProvider(SoftHsm.token(SoftHsm.TOKEN_A).keyLabel("kek").build());
    }

    assertThatThrownBy(() -> SecretStore.open(config(dir, SoftHsm.token(SoftHsm.TOKEN_B).build())))
        .isInstanceOf(StoreAccessDeniedException.class);
    assertThatThrownBy(() -> SecretStore.open(config(dir, PassphraseKeyProvider.of(passphrase, Argon2Settings.OWASP_MINIMUM))))
        .isInstanceOf(StoreAccessDeniedException.class);
  }

  private static StoreConfig config(Path dir, KeyProvider provider) {
    return StoreConfig.builder(dir, provider).pathDisplay(PathDisplay.FULL).build();
  }
}
