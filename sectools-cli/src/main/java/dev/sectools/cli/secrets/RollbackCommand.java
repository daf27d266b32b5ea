package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.secrets.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sectools secrets rollback PATH VERSION}: writes an old version's value again. */
@Command(name = "rollback",
    header = "Write the value of an older live version again, as a new version.")
public final class RollbackCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
  private String path;

  @Parameters(index = "1", paramLabel = "VERSION", description = "The live version to bring back.")
  private long version;

  /** For picocli. */
  public RollbackCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    if (version < 1) {
      throw usage("VERSION must be 1 or more");
    }
    try (SecretStore s = Stores.open(store, env())) {
      long written = s.rollback(path, version);
      info("wrote version " + version + "'s value as version " + written);
    }
    return 0;
  }
}
