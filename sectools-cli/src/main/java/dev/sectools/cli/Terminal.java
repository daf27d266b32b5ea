package dev.sectools.cli;

/**
 * What the command line needs from the user's terminal: whether standard input and standard
 * error are terminals, and a prompt that does not echo what is typed.
 * {@link CliEnvironment#system()} uses the process's own terminal.
 */
public interface Terminal {
  /** Whether standard input is a terminal (a person could type a value). */
  boolean stdinIsTerminal();

  /** Whether standard error is a terminal (progress bars and prompts can go there). */
  boolean stderrIsTerminal();

  /**
   * Whether standard output is a terminal: commands that write binary data (a backup) refuse
   * to write it there. {@code false} unless an implementation knows better.
   */
  default boolean stdoutIsTerminal() {
    return false;
  }

  /**
   * Asks for a secret without echoing it.
   *
   * @param prompt what to ask, without a trailing space
   * @return what was typed, without the line end; empty at end of input, when nothing was
   *     typed, or when no terminal is available. The caller wipes the array.
   */
  char[] readSecret(String prompt);

  /** Writes a line for the person at the terminal (warnings during a prompt). */
  void tell(String line);
}
