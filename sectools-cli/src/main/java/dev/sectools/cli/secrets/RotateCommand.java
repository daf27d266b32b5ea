package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.ProgressBar;
import dev.sectools.secrets.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets rotate}: adds a fresh primary data key. */
@Command(name = "rotate",
    header = "Rotate the store's data key: new versions are encrypted under a fresh key.",
    description = {"Older versions stay readable under their keys until 'reencrypt' moves them",
        "(or give --reencrypt to do both). Prints the new key's id."})
public final class RotateCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Option(names = "--reencrypt", description = "Then re-encrypt every version under the new key.")
  private boolean reencrypt;

  /** For picocli. */
  public RotateCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    try (SecretStore s = Stores.open(store, env())) {
      long id = s.rotateKeys();
      out().println(id);
      info("key " + id + " is the new primary data key");
      if (reencrypt) {
        ProgressBar bar = new ProgressBar(this::draw, showProgress(), "re-encrypting", "versions");
        long n;
        try {
          n = s.reencrypt(bar);
        } finally {
          bar.finish();
        }
        info("re-encrypted " + n + " versions");
      }
    }
    return 0;
  }
}
