package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.PasswordSpec;
import dev.sectools.secrets.SecretStore;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools secrets generate [PATH]}: makes a random password, stores it or prints it. */
@Command(name = "generate",
    header = "Generate a random password and store it, print it, or both.",
    description = {"With PATH, stores the password as the secret's next version and prints nothing",
        "(add --print to see it). Without PATH, prints it and opens no store."})
public final class GenerateCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Where to store the password.")
  private String path;

  @Option(names = "--length", paramLabel = "N", defaultValue = "32",
      description = "Characters (16 to 4096, default 32).")
  private int length;

  @Option(names = "--classes", paramLabel = "CLASS", split = ",",
      description = "Character classes, each used at least once: lower, upper, digits, symbols (default all).")
  private List<PasswordSpec.CharClass> classes;

  @Option(names = "--print", description = "Print the password (with PATH: as well as storing it).")
  private boolean print;

  /** For picocli. */
  public GenerateCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  /** Only a password that is stored needs the store; one that is only printed runs here. */
  @Override
  public boolean agentCanServe(CliEnvironment env) {
    return path != null;
  }

  @Override
  public Integer call() throws Exception {
    PasswordSpec.Builder b = PasswordSpec.builder().length(length);
    if (classes != null) {
      b.classes(EnumSet.copyOf(classes));
    }
    PasswordSpec spec = b.build();
    try (SecureBuffer password = SecretStore.generatePassword(spec)) {
      if (path != null) {
        try (SecretStore s = Stores.open(store, env())) {
          long v = s.put(path, password);
          info("stored a generated password as version " + v);
        }
      }
      if (path == null || print) {
        OutputStream out = env().out();
        password.writeTo(out);
        out.write('\n');
        out.flush();
      }
    }
    return 0;
  }
}
