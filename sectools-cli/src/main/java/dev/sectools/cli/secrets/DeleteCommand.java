package dev.sectools.cli.secrets;

import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sectools secrets delete PATH}: soft-deletes versions, or with {@code --purge} forgets the secret. */
@Command(name = "delete",
    header = "Soft-delete versions of a secret (undelete restores them).",
    description = {"Without --version, deletes the current version. --purge removes the secret",
        "entirely, metadata and every version, and needs --yes."})
public final class DeleteCommand extends VersionStateCommand {
  @Option(names = "--purge", description = "Forget the secret: its metadata and every version. Irreversible.")
  private boolean purge;

  @Option(names = "--yes", description = "Confirm an irreversible --purge.")
  private boolean yes;

  /** For picocli. */
  public DeleteCommand() {}

  @Override
  void check() {
    if (purge && !versions.isEmpty()) {
      throw usage("--purge removes every version; leave out --version");
    }
    if (purge && !yes) {
      throw usage("--purge cannot be undone; add --yes to confirm");
    }
  }

  @Override
  void apply(SecretStore s, long[] v) throws IOException, GeneralSecurityException {
    if (purge) {
      s.deleteAll(path);
    } else {
      s.delete(path, v);
    }
  }

  @Override
  String done() {
    return purge ? "purged the secret:" : "deleted";
  }
}
