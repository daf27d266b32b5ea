package dev.sectools.secrets;

import dev.sectools.audit.AuditConfig;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.file.Path;

/** A child process for {@link AuditLogTest}: opens the audited store and reads a secret {@code n} times. */
public final class AuditChild {
  private AuditChild() {}

  /** {@code args}: store directory, number of reads. */
  public static void main(String[] args) throws Exception {
    StoreConfig config = StoreConfig.builder(Path.of(args[0]),
            PassphraseKeyProvider.of(TestStores.PASSPHRASE, Argon2Settings.OWASP_MINIMUM))
        .audit(AuditConfig.inStoreDirectory().build())
        .build();
    try (SecretStore store = SecretStore.open(config)) {
      for (int i = 0; i < Integer.parseInt(args[1]); i++) {
        store.get("app/counter").close();
      }
    }
  }
}
