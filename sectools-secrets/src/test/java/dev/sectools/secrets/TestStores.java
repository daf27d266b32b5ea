package dev.sectools.secrets;

import dev.sectools.fs.PathDisplay;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Shared set-up: stores with the cheapest Argon2id settings accepted, so tests stay fast. */
final class TestStores {
  static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  private TestStores() {}

  static StoreConfig config(Path dir, char[] passphrase) {
    return StoreConfig.builder(dir, PassphraseKeyProvider.of(passphrase, Argon2Settings.OWASP_MINIMUM))
        .pathDisplay(PathDisplay.FULL)
        .build();
  }

  static SecretStore create(Path dir) throws IOException, GeneralSecurityException {
    return SecretStore.create(config(dir, PASSPHRASE));
  }

  static SecretStore open(Path dir) throws IOException, GeneralSecurityException {
    return SecretStore.open(config(dir, PASSPHRASE));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String read(SecretStore store, String path) throws IOException, GeneralSecurityException {
    try (SecureBuffer value = store.get(path)) {
      return value.copyToStringUnwipeable(StandardCharsets.UTF_8);
    }
  }

  static String read(SecretStore store, String path, long version) throws IOException, GeneralSecurityException {
    try (SecureBuffer value = store.get(path, version)) {
      return value.copyToStringUnwipeable(StandardCharsets.UTF_8);
    }
  }
}
