package dev.sectools.internal.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on SQLite: one file per test, each client a connection of its own. */
class SqliteStorageContractTest extends StorageContractTest {
  @TempDir Path tmp;
  private Path file;

  @Override
  protected Storage createEmpty() throws Exception {
    file = Files.createTempFile(tmp, "store", ".db");
    return SqliteStorage.open(file, Duration.ofSeconds(30));
  }

  @Override
  protected Storage openAnother() throws Exception {
    return SqliteStorage.open(file, Duration.ofSeconds(30));
  }
}
