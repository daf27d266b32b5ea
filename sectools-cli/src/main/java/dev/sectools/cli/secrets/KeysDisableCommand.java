package dev.sectools.cli.secrets;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Command;

/** {@code sectools secrets keys disable ID}. */
@Command(name = "disable", header = "Disable a data key that encrypts nothing (after reencrypt).")
public final class KeysDisableCommand extends KeyChangeCommand {
  /** For picocli. */
  public KeysDisableCommand() {}

  @Override
  void apply(SecretStore s) throws IOException, GeneralSecurityException {
    s.disableKey(id);
  }

  @Override
  String done() {
    return "disabled";
  }
}
