package dev.sectools.cli;

import java.util.Objects;

/**
 * An error the command line itself detects, with the exit code it ends with and one line for
 * the user that says what went wrong and what to do. The message never holds a secret value.
 */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  /**
   * @param exitCode how the process ends
   * @param message one line: the problem, then what to do about it
   */
  public CliException(ExitCode exitCode, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  /**
   * @param exitCode how the process ends
   * @param message one line: the problem, then what to do about it
   * @param cause the underlying failure, shown with {@code --verbose}
   */
  public CliException(ExitCode exitCode, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  /** How the process ends. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
