package dev.sectools.cli;

import java.io.File;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the man page sources (AsciiDoc, one per command) of the whole command tree; the build
 * runs it at package time (test class path: picocli-codegen is a build-time tool only).
 */
public final class ManPages {
  private ManPages() {}

  /** {@code args[0]}: the output directory. */
  public static void main(String[] args) throws Exception {
    int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
        Sectools.fullCommandLine().getCommandSpec());
    if (status != 0) {
      throw new IllegalStateException("man page generation failed with status " + status);
    }
  }
}
