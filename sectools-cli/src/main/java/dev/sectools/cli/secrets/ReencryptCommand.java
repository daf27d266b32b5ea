package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.ProgressBar;
import dev.sectools.secrets.SecretStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sectools secrets reencrypt}: moves every version to the primary data key. */
@Command(name = "reencrypt",
    header = "Re-encrypt every version that is not under the primary data key.",
    description = {"Works in batches, each its own transaction: safe to interrupt and run again.",
        "Shows a progress bar when standard error is a terminal (not with --quiet), nothing on a pipe."})
public final class ReencryptCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  /** For picocli. */
  public ReencryptCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    try (SecretStore s = Stores.open(store, env())) {
      ProgressBar bar = new ProgressBar(this::draw, showProgress(), "re-encrypting", "versions");
      long n;
      try {
        n = s.reencrypt(bar);
      } finally {
        bar.finish();
      }
      info("re-encrypted " + n + " versions");
    }
    return 0;
  }
}
