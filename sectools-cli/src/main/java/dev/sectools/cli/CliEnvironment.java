package dev.sectools.cli;

import dev.sectools.cli.internal.SystemTerminal;
import dev.sectools.secrets.keys.KeyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a command takes from outside its arguments: environment variables, the standard
 * streams and the terminal. Passed in, never read from globals, so that tests run commands
 * in-process against their own streams and variables.
 */
public final class CliEnvironment {
  private final Map<String, String> variables;
  private final InputStream in;
  private final OutputStream out;
  private final OutputStream err;
  private final Terminal terminal;
  private final boolean processStdio;
  private final KeyProvider sessionKey;
  private final Path workingDirectory;
  private final boolean inAgent;
  private final PrintWriter outWriter;
  private final PrintWriter errWriter;

  private CliEnvironment(Builder b) {
    this.variables = Map.copyOf(b.variables);
    this.in = b.in;
    this.out = b.out;
    this.err = b.err;
    this.terminal = b.terminal;
    this.processStdio = b.processStdio;
    this.sessionKey = b.sessionKey;
    this.workingDirectory = b.workingDirectory;
    this.inAgent = b.inAgent;
    this.outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    this.errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
  }

  /**
   * This process's variables, standard streams and terminal. Where the launcher found standard
   * input closed ({@code SECTOOLS_STDIN_CLOSED=1}: it opened it on {@code /dev/null}, since the
   * JVM would otherwise reuse descriptor 0 for a file of its own), reading it fails with exit code
   * 2 rather than reading nothing.
   */
  public static CliEnvironment system() {
    boolean stdinClosed = "1".equals(System.getenv("SECTOOLS_STDIN_CLOSED"));
    return builder()
        .variables(System.getenv())
        .streams(stdinClosed ? new ClosedInput() : System.in, System.out, System.err)
        .terminal(new SystemTerminal())
        .processStdio(true)
        .build();
  }

  /** A builder with no variables, empty input, discarded output and no terminal. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value of an environment variable, if set and not empty. */
  public Optional<String> variable(String name) {
    String v = variables.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** All environment variables (the base of a child's environment). */
  public Map<String, String> variables() {
    return variables;
  }

  /** Standard input. */
  public InputStream in() {
    return in;
  }

  /** Standard output as bytes (raw secret values go here). */
  public OutputStream out() {
    return out;
  }

  /** Standard error as bytes. */
  public OutputStream err() {
    return err;
  }

  /** Standard output as text, UTF-8, flushed at each line. */
  public PrintWriter outWriter() {
    return outWriter;
  }

  /** Standard error as text, UTF-8, flushed at each line. */
  public PrintWriter errWriter() {
    return errWriter;
  }

  /** The error line, after {@code "sectools: "}, for output {@link #outputFailed()} found lost. */
  public static final String OUTPUT_LOST =
      "could not write to standard output (closed, or the disk is full): what it got may be incomplete";

  /**
   * Flushes standard output and tells whether anything written to it was lost: a closed pipe, a
   * full disk, a closed descriptor. A {@link PrintStream} and a {@link PrintWriter} never throw
   * on such an error, so without this a command would end with exit code 0 having written
   * nothing, or half.
   */
  public boolean outputFailed() {
    outWriter.flush();
    boolean failed = outWriter.checkError();
    if (out instanceof PrintStream ps) {
      failed |= ps.checkError(); // flushes too
    } else {
      try {
        out.flush();
      } catch (IOException e) {
        failed = true;
      }
    }
    return failed;
  }

  /** Standard input the launcher found closed: reading it is an error the user must fix. */
  private static final class ClosedInput extends InputStream {
    @Override
    public int read() {
      throw closed();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw closed();
    }

    private static CliException closed() {
      return new CliException(ExitCode.USAGE,
          "standard input is closed: pipe the input in, or give it as a file where the command takes one");
    }
  }

  /** The terminal. */
  public Terminal terminal() {
    return terminal;
  }

  /**
   * Whether the streams are this process's own descriptors 0, 1 and 2, which a child process
   * can inherit directly.
   */
  public boolean processStdio() {
    return processStdio;
  }

  /**
   * The key that unlocks stores in this session instead of a passphrase ({@code sectools shell}
   * asks for the passphrase once and runs each command with the key it derived), if any.
   */
  public Optional<KeyProvider> sessionKey() {
    return Optional.ofNullable(sessionKey);
  }

  /**
   * A path the user gave, as this run sees it: relative paths are resolved against the working
   * directory of the command line's caller ({@link Builder#workingDirectory}, for a command an
   * agent runs for a client), else left to this process's own working directory.
   */
  public Path resolve(String path) {
    return workingDirectory == null ? Path.of(path) : workingDirectory.resolve(path);
  }

  /** The caller's working directory, if it is not this process's own (a command run by an agent). */
  public Optional<Path> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /**
   * Whether an agent runs this command line for a client: only the commands that the agent may
   * serve ({@code dev.sectools.cli.secrets.AgentServed}) run then.
   */
  public boolean inAgent() {
    return inAgent;
  }

  /** A builder holding everything this environment holds, to derive another from it. */
  public Builder toBuilder() {
    return builder().variables(variables).streams(in, out, err).terminal(terminal).processStdio(processStdio)
        .sessionKey(sessionKey).workingDirectory(workingDirectory).inAgent(inAgent);
  }

  /** The user's home directory, from {@code HOME}. */
  public Optional<Path> home() {
    return variable("HOME").map(Path::of);
  }

  /** Builds a {@link CliEnvironment}. */
  public static final class Builder {
    private Map<String, String> variables = new HashMap<>();
    private InputStream in = InputStream.nullInputStream();
    private OutputStream out = OutputStream.nullOutputStream();
    private OutputStream err = OutputStream.nullOutputStream();
    private Terminal terminal = NO_TERMINAL;
    private boolean processStdio;
    private KeyProvider sessionKey;
    private Path workingDirectory;
    private boolean inAgent;

    private Builder() {}

    /** Sets the environment variables (copied). */
    public Builder variables(Map<String, String> vars) {
      this.variables = new HashMap<>(Objects.requireNonNull(vars, "variables"));
      return this;
    }

    /** Sets the standard streams. */
    public Builder streams(InputStream stdin, OutputStream stdout, OutputStream stderr) {
      this.in = Objects.requireNonNull(stdin, "stdin");
      this.out = Objects.requireNonNull(stdout, "stdout");
      this.err = Objects.requireNonNull(stderr, "stderr");
      return this;
    }

    /** Sets the terminal. */
    public Builder terminal(Terminal t) {
      this.terminal = Objects.requireNonNull(t, "terminal");
      return this;
    }

    /** Says whether the streams are the process's own descriptors (children may inherit them). */
    public Builder processStdio(boolean own) {
      this.processStdio = own;
      return this;
    }

    /** Sets the key that unlocks stores instead of a passphrase, or {@code null} for none. */
    public Builder sessionKey(KeyProvider key) {
      this.sessionKey = key;
      return this;
    }

    /**
     * Sets the directory relative paths are resolved against, or {@code null} for this process's
     * own; it must be absolute.
     */
    public Builder workingDirectory(Path dir) {
      if (dir != null && !dir.isAbsolute()) {
        throw new IllegalArgumentException("the working directory must be absolute, was " + dir);
      }
      this.workingDirectory = dir;
      return this;
    }

    /** Says whether an agent runs this command line for a client. */
    public Builder inAgent(boolean agent) {
      this.inAgent = agent;
      return this;
    }

    /** Returns the environment. */
    public CliEnvironment build() {
      return new CliEnvironment(this);
    }
  }

  private static final Terminal NO_TERMINAL = new Terminal() {
    @Override
    public boolean stdinIsTerminal() {
      return false;
    }

    @Override
    public boolean stderrIsTerminal() {
      return false;
    }

    @Override
    public char[] readSecret(String prompt) {
      return new char[0];
    }

    @Override
    public void tell(String line) {
      // no terminal: nobody to tell
    }
  };
}
