package dev.sectools.cli.shell;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.Sectools;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.secrets.SessionKey;
import dev.sectools.cli.secrets.StoreOptions;
import dev.sectools.cli.secrets.Stores;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools shell}: one store, unlocked once, and {@code secrets} commands typed at a prompt. */
@Command(name = "shell", header = "An interactive session on one store: the passphrase is asked once.",
    description = {"Type 'secrets' commands without 'sectools secrets' (get app/token, list -r,",
        "set app/token), 'help' for the list, 'exit' or end of input to leave. The key derived",
        "from the passphrase stays in memory until the session ends; the passphrase does not.",
        "'set PATH' asks for the value without echo (when input is not a terminal: the next line",
        "is the value); a value is never read from the command line. Command lines are appended to",
        "$XDG_STATE_HOME/sectools/history (0600) unless --no-history; lines refused as usage errors",
        "(a value typed as an argument) are not. 'init', 'passwd' and 'restore' run outside the shell."})
public final class ShellCommand extends SectoolsCommand {
  private static final Set<String> OUTSIDE = Set.of("init", "passwd", "restore");

  @Mixin
  private StoreOptions store;

  @Option(names = "--no-history", description = "Record no history.")
  private boolean noHistory;

  /** For picocli. */
  public ShellCommand() {}

  @Override
  public Integer call() throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(env().in(), StandardCharsets.UTF_8));
    boolean tty = env().terminal().stdinIsTerminal();
    try (SessionKey key = Stores.unlock(store, env()); History history = noHistory ? History.none() : History.open(env())) {
      CliEnvironment session = session(key);
      while (true) {
        if (tty) {
          draw("sectools> ");
        }
        String line = lines.readLine();
        if (line == null || List.of("exit", "quit").contains(line.strip())) {
          return 0;
        }
        int status = runLine(session, line, lines, tty);
        if (status != ExitCode.USAGE.code() && !line.isBlank()) {
          history.add(line.strip());
        }
      }
    }
  }

  /** The environment of each command: this store, unlocked by {@code key}, no passphrase source. */
  private CliEnvironment session(SessionKey key) {
    Map<String, String> vars = new HashMap<>(env().variables());
    vars.keySet().removeAll(List.of("SECTOOLS_PASSPHRASE", "SECTOOLS_PASSPHRASE_FILE", "SECTOOLS_DB_URL"));
    vars.put("SECTOOLS_STORE", Stores.directory(store, env()).toString());
    return env().toBuilder().variables(vars).sessionKey(key).build();
  }

  /** Runs one line; its exit code. */
  private int runLine(CliEnvironment session, String line, BufferedReader lines, boolean tty) throws IOException {
    List<String> words;
    try {
      words = Words.split(line);
    } catch (IllegalArgumentException e) {
      warn(e.getMessage());
      return ExitCode.USAGE.code();
    }
    if (words.isEmpty()) {
      return 0;
    }
    if (words.getFirst().equals("help")) {
      help(session);
      return 0;
    }
    if (OUTSIDE.contains(words.getFirst())) {
      warn("'" + words.getFirst() + "' runs outside the shell: sectools secrets " + words.getFirst());
      return ExitCode.USAGE.code();
    }
    List<String> args = new ArrayList<>(List.of("secrets"));
    args.addAll(words);
    if (words.getFirst().equals("set") && !tty) {
      return runWithValue(session, args, lines);
    }
    return Sectools.run(session.toBuilder().streams(InputStream.nullInputStream(), env().out(), env().err()).build(),
        args.toArray(String[]::new));
  }

  /** {@code set} without a terminal: the next input line is the value, never recorded. */
  private int runWithValue(CliEnvironment session, List<String> args, BufferedReader lines) throws IOException {
    String line = lines.readLine();
    if (line == null) {
      warn("end of input where the value for '" + String.join(" ", args.subList(1, args.size())) + "' was expected");
      return ExitCode.USAGE.code();
    }
    byte[] value = line.getBytes(StandardCharsets.UTF_8);
    try {
      return Sectools.run(session.toBuilder().streams(new ByteArrayInputStream(value), env().out(), env().err())
          .build(), args.toArray(String[]::new));
    } finally {
      Arrays.fill(value, (byte) 0);
    }
  }

  private void help(CliEnvironment session) {
    Sectools.run(session.toBuilder().streams(InputStream.nullInputStream(), env().out(), env().err()).build(),
        "secrets", "--help");
    out().println();
    out().println("In the shell: type these commands without 'sectools secrets'; 'help'; 'exit'.");
    out().flush();
  }
}
