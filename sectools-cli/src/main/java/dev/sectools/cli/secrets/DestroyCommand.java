package dev.sectools.cli.secrets;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sectools secrets destroy PATH --yes}: erases the ciphertext of versions. */
@Command(name = "destroy",
    header = "Erase versions of a secret for good (needs --yes).",
    description = {"Without --version, destroys the current version. The versions stay listed as",
        "destroyed; nothing can bring the values back."})
public final class DestroyCommand extends VersionStateCommand {
  @Option(names = "--yes", description = "Confirm: this cannot be undone.")
  private boolean yes;

  /** For picocli. */
  public DestroyCommand() {}

  @Override
  void check() {
    if (!yes) {
      throw usage("destroy cannot be undone; add --yes to confirm");
    }
  }

  @Override
  void apply(SecretStore s, long[] v) throws IOException, GeneralSecurityException {
    s.destroy(path, v);
  }

  @Override
  String done() {
    return "destroyed";
  }
}
