package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sectools secrets audit hash}: the keyed hash under which the log shows a path. */
@Command(name = "hash",
    header = "Print the keyed hash under which the audit log shows a path (like Vault's audit-hash).",
    description = {"Reads the text, usually a secret path, from standard input (one trailing line end",
        "is dropped) or, at a terminal, asks for it without echo: never from the command line, so",
        "it stays out of shell history. Prints 'hmac-sha256:<hex>'; search the log for it:",
        "  hash=$(printf %%s app/db-password | sectools secrets audit hash)",
        "  grep \"$hash\" <store>/audit.log",
        "Needs the store's passphrase (the hash key is in the store). Works without a log too."})
public final class AuditHashCommand extends SectoolsCommand implements AgentServed {
  private static final int MAX_BYTES = 64 * 1024;
  private static final String PROMPT = "Text to hash (a secret path):";

  @Mixin
  private StoreOptions store;

  /** For picocli. */
  public AuditHashCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  /** The text: asked here at a terminal, without echo, else standard input. */
  @Override
  public byte[] agentInput(CliEnvironment env) throws IOException {
    if (env.terminal().stdinIsTerminal()) {
      char[] typed = env.terminal().readSecret(PROMPT);
      try {
        return new String(typed).getBytes(StandardCharsets.UTF_8);
      } finally {
        Arrays.fill(typed, '\0');
      }
    }
    return env.in().readNBytes(MAX_BYTES + 1);
  }

  @Override
  public Integer call() throws Exception {
    try (SecretStore s = Stores.open(store, env())) {
      String text = text();
      out().println(s.auditHash(text));
    }
    return 0;
  }

  private String text() throws IOException {
    String text;
    if (env().terminal().stdinIsTerminal()) {
      char[] typed = env().terminal().readSecret(PROMPT);
      text = new String(typed);
      Arrays.fill(typed, '\0');
    } else {
      byte[] bytes = env().in().readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw usage("the text to hash is longer than " + MAX_BYTES + " bytes");
      }
      text = new String(bytes, StandardCharsets.UTF_8);
      Arrays.fill(bytes, (byte) 0);
    }
    text = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (text.isEmpty()) {
      throw usage("nothing to hash: pipe the path to standard input, e.g. printf %s app/key | sectools secrets audit hash");
    }
    return text;
  }
}
