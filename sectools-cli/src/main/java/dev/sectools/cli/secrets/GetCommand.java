package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.agent.AgentClientMain;
import dev.sectools.cli.agent.AgentProtocol.Frame;
import dev.sectools.cli.internal.Json;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.SecretStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sectools secrets get PATH}: prints the raw value and nothing else. Served by a running
 * agent when there is one (unlocking the store in it first if needed), else by opening the store.
 */
@Command(name = "get", header = "Print a secret's value, raw, and nothing else.",
    description = {"Standard output gets the value's bytes exactly (no line end added), so",
        "'$(sectools secrets get app/token)' is the value. Exit code 3 if the secret, the version",
        "or the store does not exist, 8 if it expired under a policy that refuses expired reads."})
public final class GetCommand extends SectoolsCommand {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
  private String path;

  @Option(names = "--version", paramLabel = "N", description = "Read version N instead of the current one.")
  private Long version;

  @Option(names = "--json", description = "Print {\"path\",\"version\",\"value\"} (or \"value_base64\" for binary values).")
  private boolean json;

  /** For picocli. */
  public GetCommand() {}

  @Override
  public Integer call() throws Exception {
    if (version != null && version < 1) {
      throw usage("--version must be 1 or more");
    }
    // A shell session holds its own key: the agent is not asked (it could prompt again).
    Optional<Frame> viaAgent = env().sessionKey().isPresent() ? Optional.empty()
        : ThroughAgent.get(store, env(), path, version == null ? 0 : version);
    if (viaAgent.isPresent()) {
      return printAgentReply(viaAgent.get());
    }
    try (SecretStore s = Stores.open(store, env());
        SecureBuffer value = version == null ? s.get(path) : s.get(path, version)) {
      if (json) {
        long shown = version != null ? version : s.metadata(path).currentVersion();
        printJson(value, shown);
      } else {
        OutputStream out = env().out();
        value.writeTo(out);
        out.flush();
      }
    }
    return 0;
  }

  private int printAgentReply(Frame reply) throws IOException {
    try {
      if (json) {
        out().println(AgentClientMain.json(path, Long.parseLong(reply.text(0)), reply.field(1)));
      } else {
        env().out().write(reply.field(1));
        env().out().flush();
      }
      return 0;
    } finally {
      reply.wipe();
    }
  }

  private void printJson(SecureBuffer value, long shownVersion) {
    byte[] bytes = new byte[value.length()];
    value.copyTo(bytes);
    try {
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("path", path);
      result.put("version", shownVersion);
      try {
        result.put("value", StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
      } catch (CharacterCodingException e) {
        result.put("value_base64", Base64.getEncoder().encodeToString(bytes));
      }
      out().println(Json.of(result));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
