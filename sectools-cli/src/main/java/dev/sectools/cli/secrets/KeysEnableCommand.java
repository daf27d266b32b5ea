package dev.sectools.cli.secrets;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Command;

/** {@code sectools secrets keys enable ID}. */
@Command(name = "enable", header = "Enable a disabled data key again.")
public final class KeysEnableCommand extends KeyChangeCommand {
  /** For picocli. */
  public KeysEnableCommand() {}

  @Override
  void apply(SecretStore s) throws IOException, GeneralSecurityException {
    s.enableKey(id);
  }

  @Override
  String done() {
    return "enabled";
  }
}
