package dev.sectools.secrets;

import dev.sectools.fs.PathDisplay;
import dev.sectools.secrets.keys.Argon2Settings;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.nio.file.Path;

/** The store's promises on SQLite: a second client is another opening of the same directory. */
class SqliteStoreBackendTest extends StoreBackendTest {
  @Override
  protected StoreConfig.Builder newStore(Path local) {
    return builder(local);
  }

  @Override
  protected StoreConfig.Builder sameStore(StoreConfig first, Path local) {
    return builder(first.directory());
  }

  static StoreConfig.Builder builder(Path dir) {
    return StoreConfig.builder(dir, PassphraseKeyProvider.of(TestStores.PASSPHRASE, Argon2Settings.OWASP_MINIMUM))
        .pathDisplay(PathDisplay.FULL);
  }
}
