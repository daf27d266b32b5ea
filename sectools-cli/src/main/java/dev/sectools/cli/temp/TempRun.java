package dev.sectools.cli.temp;

import dev.sectools.cli.Sectools;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.ChildRunner;
import dev.sectools.temp.DeleteOnClose;
import dev.sectools.temp.TempOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The shape shared by {@code temp dir} and {@code temp file}: where to create, the name's
 * prefix, and {@code --rm-on-exit -- COMMAND…}.
 */
abstract class TempRun extends SectoolsCommand implements Sectools.RunsProgram {
  /** The variable that holds the path for the command run under {@code --rm-on-exit}. */
  static final String VARIABLE = "SECTOOLS_TEMP";

  @Option(names = "--prefix", paramLabel = "TEXT", defaultValue = "sectools-",
      description = "The start of the name (default sectools-).")
  String prefix;

  @Option(names = "--base", paramLabel = "DIR",
      description = "Create it in DIR (default $TMPDIR, else /tmp).")
  Path base;

  @Option(names = "--runtime", description = "Create it in $XDG_RUNTIME_DIR (memory-backed, private to you).")
  boolean runtime;

  @Option(names = "--rm-on-exit", description = "Run COMMAND with the path in $SECTOOLS_TEMP, then remove it.")
  boolean rmOnExit;

  @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "With --rm-on-exit: the program and its arguments, after --.")
  List<String> command = List.of();

  /** Creates the entry; {@code options} say where and whether closing removes it. */
  abstract AutoCloseable create(TempOptions options) throws IOException;

  /** The path of what {@link #create} made. */
  abstract Path path(AutoCloseable created);

  @Override
  public Integer call() throws Exception {
    if (rmOnExit == command.isEmpty()) {
      throw usage(rmOnExit ? "--rm-on-exit needs a command after --" : "a command is only run with --rm-on-exit");
    }
    if (runtime && base != null) {
      throw usage("give --base or --runtime, not both");
    }
    TempOptions options = TempOptions.builder()
        .baseDirectory(baseDirectory())
        .deleteOnClose(rmOnExit ? DeleteOnClose.DELETE : DeleteOnClose.KEEP)
        .build();
    AutoCloseable created = create(options);
    if (!rmOnExit) {
      try (created) {
        out().println(path(created));
      }
      return 0;
    }
    return ChildRunner.run(command, Map.of(VARIABLE, path(created).toString()), List.of(), env(), List.of(), created);
  }

  private Path baseDirectory() {
    if (base != null) {
      return base;
    }
    if (runtime) {
      return env().variable("XDG_RUNTIME_DIR").map(Path::of)
          .orElseThrow(() -> usage("--runtime: XDG_RUNTIME_DIR is not set"));
    }
    return env().variable("TMPDIR").map(Path::of).orElse(Path.of("/tmp"));
  }
}
