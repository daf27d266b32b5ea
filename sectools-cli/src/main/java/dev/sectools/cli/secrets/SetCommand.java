package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools secrets set PATH}: writes a new version from standard input or a prompt. */
@Command(name = "set", header = "Write a new version of a secret, read from standard input or a prompt.",
    description = {"The value is never taken from the command line. From a pipe it is read to its",
        "end, byte for byte (--chomp drops one trailing line end); at a terminal it is asked twice",
        "without echo. Exit code 4 if --cas does not match the current version."})
public final class SetCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path, namespace/name.")
  private String path;

  @Option(names = "--cas", paramLabel = "VERSION",
      description = "Check-and-set: write only if the current version is VERSION (0: only if the secret does not exist).")
  private Long cas;

  @Option(names = "--chomp", description = "Drop one trailing line end (\\n or \\r\\n) from the value.")
  private boolean chomp;

  @Option(names = "--json", description = "Print {\"path\":…,\"version\":…} on standard output.")
  private boolean json;

  /** For picocli. */
  public SetCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  /** The value: asked here at a terminal (twice, without echo), else standard input to its end. */
  @Override
  public byte[] agentInput(CliEnvironment env) throws IOException {
    return SecretValues.readRaw(env, path);
  }

  @Override
  public Integer call() throws Exception {
    if (cas != null && cas < 0) {
      throw usage("--cas must be 0 or more");
    }
    try (SecretStore s = Stores.open(store, env())) {
      byte[] value = SecretValues.read(env(), path, chomp);
      long version;
      try {
        version = cas == null ? s.put(path, value) : s.put(path, value, cas);
      } finally {
        Arrays.fill(value, (byte) 0);
      }
      if (json) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("path", path);
        result.put("version", version);
        out().println(Json.of(result));
      }
      info("stored version " + version);
    }
    return 0;
  }
}
