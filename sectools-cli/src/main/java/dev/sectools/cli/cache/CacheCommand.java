package dev.sectools.cli.cache;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sectools cache put|get|verify|gc|stats}: the persistent verified cache. */
@Command(name = "cache",
    header = "Store and fetch files in the verified cache, checked by SHA-256 whenever they are used.",
    description = {"A content-addressed cache kept across runs in $XDG_CACHE_HOME/sectools",
        "(~/.cache/sectools; --cache-dir or SECTOOLS_CACHE_DIR to choose another): a 0700 directory",
        "that is refused (exit code 7) if it is a link, another user's, or open to group or others.",
        "'get' hands out bytes only after they hashed to the SHA-256 asked for; an entry that fails",
        "is removed and the command exits 5. A miss exits 3. See docs/cache.md."},
    synopsisSubcommandLabel = "COMMAND")
public final class CacheCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  /** For picocli. */
  public CacheCommand() {}

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "'put', 'get', 'verify', 'gc' or 'stats' is needed");
  }
}
