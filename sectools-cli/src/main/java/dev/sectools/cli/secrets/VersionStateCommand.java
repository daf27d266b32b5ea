package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The shape shared by {@code delete}, {@code undelete} and {@code destroy}: a path and the
 * versions to act on (none: the current one).
 */
abstract class VersionStateCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  StoreOptions store;

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
  String path;

  @Option(names = "--version", paramLabel = "N", split = ",",
      description = "The versions to act on (repeat or separate with commas); default: the current one.")
  List<Long> versions = List.of();

  /** Acts on {@code versions} of {@link #path} in {@code s}. */
  abstract void apply(SecretStore s, long[] versions) throws IOException, GeneralSecurityException;

  /** What was done, for the line on standard error. */
  abstract String done();

  /** Checks preconditions before the store is opened; nothing by default. */
  void check() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    long[] v = versions.stream().mapToLong(Long::longValue).toArray();
    for (long n : v) {
      if (n < 1) {
        throw usage("versions start at 1");
      }
    }
    check();
    try (SecretStore s = Stores.open(store, env())) {
      apply(s, v);
    }
    info(done() + (v.length == 0 ? " the current version" : " version" + (v.length > 1 ? "s " : " ") + versions));
    return 0;
  }
}
