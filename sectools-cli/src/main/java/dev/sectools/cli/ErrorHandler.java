package dev.sectools.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place errors become output and exit codes: one line on standard error,
 * {@code sectools: <problem>; <what to do>}, with the cause chain under {@code --verbose} and the
 * stack trace only under {@code --stacktrace}. Exit codes come from {@link Failures}.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler,
    IExitCodeExceptionMapper {
  private final CliEnvironment env;
  private final Sectools root;

  ErrorHandler(CliEnvironment env, Sectools root) {
    this.env = env;
    this.root = root;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    return report(ex);
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    String message;
    if (ex instanceof UnmatchedArgumentException u && !ex.getCommandLine().getSubcommands().isEmpty()
        && ex.getCommandLine().getCommandSpec().positionalParameters().isEmpty()) {
      message = "unknown command '" + u.getUnmatched().getFirst() + "' for '"
          + ex.getCommandLine().getCommandSpec().qualifiedName() + "'; see '"
          + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
    } else if (ex instanceof UnmatchedArgumentException u) {
      // The unmatched words are not echoed: one of them may be a secret typed on the command line.
      message = "unexpected argument" + (u.getUnmatched().size() == 1 ? "" : "s")
          + " for '" + ex.getCommandLine().getCommandSpec().qualifiedName() + "'"
          + "; values are never taken as arguments (pipe them to standard input); see --help";
    } else {
      message = ex.getMessage() + "; see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'";
    }
    env.errWriter().println("sectools: " + message);
    return ExitCode.USAGE.code();
  }

  /** Prints {@code error} the documented way and returns its exit code. */
  int report(Throwable error) {
    Failures.Failure failure = Failures.classify(error);
    PrintWriter err = env.errWriter();
    err.println("sectools: " + failure.message());
    if (root.verbose()) {
      for (Throwable t = error; t != null; t = t.getCause()) {
        err.println("  caused by " + t.getClass().getName() + (t instanceof CliException ? "" : ": " + t.getMessage()));
      }
    }
    if (root.stacktrace()) {
      error.printStackTrace(err);
    }
    err.flush();
    return failure.exit().code();
  }

  @Override
  public int getExitCode(Throwable exception) {
    return Failures.classify(exception).exit().code();
  }
}
