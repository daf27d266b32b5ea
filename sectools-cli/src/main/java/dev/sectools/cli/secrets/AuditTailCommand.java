package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.FlatJson;
import dev.sectools.fs.ConfinedRoot;
import dev.sectools.fs.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets audit tail}: prints the last events of the audit log. */
@Command(name = "tail",
    header = "Print the last events of the audit log; --follow keeps printing new ones.",
    description = {"Reads <store>/audit.log (the current file; rotated ones are audit.log.1, ...).",
        "Events never hold a value; paths show as keyed hashes (see 'audit hash'). Human format:",
        "time, level, #sequence, operation, outcome, then the other fields; --json prints the raw",
        "lines. Needs no passphrase, and checks nothing: use 'audit verify' for that.",
        "Exit code 3 when the store keeps no log. --follow runs until interrupted (Ctrl-C)."})
public final class AuditTailCommand extends SectoolsCommand {
  /** How often {@code --follow} looks for new lines. */
  static final Duration POLL = Duration.ofMillis(250);
  private static final Set<String> SHOWN_FIRST = Set.of("time", "level", "seq", "op", "outcome");
  private static final Set<String> HIDDEN = Set.of("prev", "mac", "store");
  private static final ReadOptions READ = ReadOptions.builder().maxSizeBytes(Long.MAX_VALUE).build();

  @Mixin
  private StoreOptions store;

  @Option(names = "-n", paramLabel = "N", defaultValue = "10", description = "How many of the last events (default 10).")
  private int count;

  @Option(names = {"-f", "--follow"}, description = "Keep printing events as they are written.")
  private boolean follow;

  @Option(names = "--json", description = "Print the log's own JSON lines.")
  private boolean json;

  /** For picocli. */
  public AuditTailCommand() {}

  @Override
  public Integer call() throws Exception {
    if (count < 0) {
      throw usage("-n must be 0 or more");
    }
    Path dir = Stores.directory(store, env());
    AuditCommand.requireLog(dir);
    try (ConfinedRoot root = ConfinedRoot.open(dir)) {
      Deque<String> last = new ArrayDeque<>();
      long offset = readLines(root, 0, line -> {
        last.addLast(line);
        if (last.size() > count) {
          last.removeFirst();
        }
      });
      last.forEach(this::print);
      if (follow) {
        follow(root, offset);
      }
    }
    return 0;
  }

  private void follow(ConfinedRoot root, long start) throws IOException {
    long offset = start;
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      offset = readLines(root, offset, this::print);
    }
  }

  /**
   * Gives each complete line after byte {@code from} to {@code each} and returns the offset after
   * the last one; from the start if the file is now shorter than {@code from} (it was rotated).
   */
  private static long readLines(ConfinedRoot root, long from, Consumer<String> each) throws IOException {
    try (SeekableByteChannel ch = root.newByteChannel(Stores.AUDIT_FILE, READ)) {
      long offset = ch.size() < from ? 0 : from;
      ch.position(offset);
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      while (ch.read(chunk) > 0) {
        chunk.flip();
        while (chunk.hasRemaining()) {
          byte b = chunk.get();
          if (b == '\n') {
            each.accept(line.toString(StandardCharsets.UTF_8));
            offset += line.size() + 1;
            line.reset();
          } else {
            line.write(b);
          }
        }
        chunk.clear();
      }
      return offset;
    }
  }

  private void print(String line) {
    out().println(json ? line : FlatJson.parse(line).map(AuditTailCommand::human).orElse(line));
  }

  /** One event for a person: time, level, #sequence, operation, outcome, then the other fields. */
  static String human(Map<String, String> event) {
    StringBuilder sb = new StringBuilder();
    sb.append(event.getOrDefault("time", "-")).append(' ')
        .append(String.format("%-8s", event.getOrDefault("level", "-")))
        .append('#').append(event.getOrDefault("seq", "?")).append(' ')
        .append(event.getOrDefault("op", "-")).append(' ')
        .append(event.getOrDefault("outcome", "-"));
    event.forEach((k, v) -> {
      if (!SHOWN_FIRST.contains(k) && !HIDDEN.contains(k)) {
        sb.append(' ').append(k).append('=').append(v);
      }
    });
    return sb.toString();
  }
}
