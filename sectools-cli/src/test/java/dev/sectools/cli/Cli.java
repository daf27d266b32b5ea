package dev.sectools.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs {@code sectools} in-process through {@link Sectools#run} (picocli's {@code execute()})
 * with its own variables, standard input and terminal, and captures what it prints.
 */
public final class Cli {
  /** A passphrase the test stores use. */
  public static final String PASSPHRASE = "correct horse battery staple";

  private final Map<String, String> variables = new HashMap<>();
  private byte[] stdin = new byte[0];
  private Terminal terminal;

  private Cli() {}

  /** A CLI with an empty environment but HOME set to {@code home}. */
  public static Cli in(Path home) {
    Cli c = new Cli();
    c.variables.put("HOME", home.toString());
    c.variables.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return c;
  }

  /**
   * A CLI whose default store is {@code home/store}, unlocked by a passphrase file in
   * {@code home}, after {@code secrets init --kdf minimum} succeeded.
   */
  public static Cli withStore(Path home) throws Exception {
    Path pass = home.resolve("passphrase");
    Files.writeString(pass, PASSPHRASE + "\n");
    Cli c = in(home).env("SECTOOLS_STORE", home.resolve("store").toString())
        .env("SECTOOLS_PASSPHRASE_FILE", pass.toString());
    Result init = c.run("secrets", "init", "--kdf", "minimum");
    if (init.exit() != 0) {
      throw new AssertionError("init failed: " + init.err());
    }
    return c;
  }

  /** Sets a variable. */
  public Cli env(String name, String value) {
    variables.put(name, value);
    return this;
  }

  /** Removes a variable. */
  public Cli unset(String name) {
    variables.remove(name);
    return this;
  }

  /** Sets standard input for the following runs. */
  public Cli stdin(String text) {
    return stdin(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sets standard input for the following runs. */
  public Cli stdin(byte[] bytes) {
    this.stdin = bytes.clone();
    return this;
  }

  /** Uses {@code t} as the terminal for the following runs. */
  public Cli terminal(Terminal t) {
    this.terminal = t;
    return this;
  }

  /** Runs one command line. */
  public Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliEnvironment.Builder b = CliEnvironment.builder().variables(variables)
        .streams(new ByteArrayInputStream(stdin), out, err);
    if (terminal != null) {
      b.terminal(terminal);
    }
    int exit = Sectools.run(b.build(), args);
    stdin = new byte[0];
    return new Result(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * What a run left behind.
   *
   * @param exit the exit code
   * @param stdout the bytes on standard output
   * @param err standard error as text
   */
  public record Result(int exit, byte[] stdout, String err) {
    /** Standard output as UTF-8 text. */
    public String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }
}
