package dev.sectools.cli.secrets;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sectools secrets keys destroy ID --yes}. */
@Command(name = "destroy", header = "Remove a disabled data key that encrypts nothing, for good (needs --yes).")
public final class KeysDestroyCommand extends KeyChangeCommand {
  @Option(names = "--yes", description = "Confirm: this cannot be undone.")
  private boolean yes;

  /** For picocli. */
  public KeysDestroyCommand() {}

  @Override
  void check() {
    if (!yes) {
      throw usage("destroying a key cannot be undone; add --yes to confirm");
    }
  }

  @Override
  void apply(SecretStore s) throws IOException, GeneralSecurityException {
    s.destroyKey(id);
  }

  @Override
  String done() {
    return "destroyed";
  }
}
