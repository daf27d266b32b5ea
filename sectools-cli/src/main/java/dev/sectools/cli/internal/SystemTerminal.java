package dev.sectools.cli.internal;

import dev.sectools.cli.Terminal;
import java.io.Console;

/**
 * The process's own terminal: {@code isatty} on descriptors 0, 1 and 2 (through {@link Native}, or
 * {@link Console#isTerminal()} where that is unavailable) and {@link Console#readPassword} for
 * prompts without echo.
 */
public final class SystemTerminal implements Terminal {
  private final Console console = System.console();

  /** The terminal of this process, if it has one. */
  public SystemTerminal() {}

  @Override
  public boolean stdinIsTerminal() {
    return Native.isatty(0).orElseGet(this::consoleIsTerminal);
  }

  @Override
  public boolean stderrIsTerminal() {
    return Native.isatty(2).orElseGet(this::consoleIsTerminal);
  }

  @Override
  public boolean stdoutIsTerminal() {
    return Native.isatty(1).orElseGet(this::consoleIsTerminal);
  }

  private boolean consoleIsTerminal() {
    return console != null && console.isTerminal();
  }

  @Override
  public char[] readSecret(String prompt) {
    if (!consoleIsTerminal()) {
      return new char[0];
    }
    char[] typed = console.readPassword("%s ", prompt);
    return typed == null ? new char[0] : typed;
  }

  @Override
  public void tell(String line) {
    if (consoleIsTerminal()) {
      console.writer().println(line);
      console.writer().flush();
    }
  }
}
