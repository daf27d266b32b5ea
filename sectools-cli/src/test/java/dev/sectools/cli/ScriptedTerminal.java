package dev.sectools.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A strict stand-in for a person at a terminal: answers prompts from a script, in order, and
 * fails the test if asked more often than the script allows.
 */
public final class ScriptedTerminal implements Terminal {
  private final Deque<String> answers = new ArrayDeque<>();
  private final List<String> prompts = new ArrayList<>();
  private final List<String> told = new ArrayList<>();
  private final boolean stderrTerminal;
  private boolean stdoutTerminal;

  /** A terminal on standard input and standard error that types {@code answers}. */
  public ScriptedTerminal(String... answers) {
    this(true, answers);
  }

  /** A terminal on standard input, and on standard error if {@code stderrTerminal}. */
  public ScriptedTerminal(boolean stderrTerminal, String... answers) {
    this.answers.addAll(List.of(answers));
    this.stderrTerminal = stderrTerminal;
  }

  @Override
  public boolean stdinIsTerminal() {
    return true;
  }

  @Override
  public boolean stderrIsTerminal() {
    return stderrTerminal;
  }

  @Override
  public boolean stdoutIsTerminal() {
    return stdoutTerminal;
  }

  /** Makes standard output a terminal too. */
  public ScriptedTerminal withStdoutTerminal() {
    this.stdoutTerminal = true;
    return this;
  }

  @Override
  public char[] readSecret(String prompt) {
    prompts.add(prompt);
    if (answers.isEmpty()) {
      throw new AssertionError("asked once too often: " + prompt);
    }
    return answers.removeFirst().toCharArray();
  }

  @Override
  public void tell(String line) {
    told.add(line);
  }

  /** The prompts shown so far. */
  public List<String> prompts() {
    return List.copyOf(prompts);
  }

  /** The lines told so far. */
  public List<String> told() {
    return List.copyOf(told);
  }
}
