package dev.sectools.cli.secrets;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The shape of {@code keys disable|enable|destroy ID}: a key that is in the wrong state for the
 * change (primary, still in use) is a conflict (exit code 4), an unknown id not found (3).
 */
abstract class KeyChangeCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  StoreOptions store;

  @Parameters(index = "0", paramLabel = "ID", description = "The key's id, as 'sectools secrets keys' lists it.")
  long id;

  abstract void apply(SecretStore s) throws IOException, GeneralSecurityException;

  abstract String done();

  void check() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    check();
    try (SecretStore s = Stores.open(store, env())) {
      apply(s);
    } catch (IllegalStateException e) {
      throw new CliException(ExitCode.CONFLICT, "cannot change key " + id + ": " + e.getMessage()
          + "; run 'sectools secrets reencrypt' first, and never the primary key", e);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCode.NOT_FOUND, "no data key " + id + "; list them with 'sectools secrets keys'", e);
    }
    info(done() + " key " + id);
    return 0;
  }
}
