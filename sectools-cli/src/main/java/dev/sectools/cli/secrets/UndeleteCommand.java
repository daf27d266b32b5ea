package dev.sectools.cli.secrets;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Command;

/** {@code sectools secrets undelete PATH}: restores soft-deleted versions. */
@Command(name = "undelete",
    header = "Restore soft-deleted versions of a secret.",
    description = "Without --version, restores the current version. Destroyed versions stay destroyed.")
public final class UndeleteCommand extends VersionStateCommand {
  /** For picocli. */
  public UndeleteCommand() {}

  @Override
  void apply(SecretStore s, long[] v) throws IOException, GeneralSecurityException {
    s.undelete(path, v);
  }

  @Override
  String done() {
    return "restored";
  }
}
