package dev.sectools.secrets.keys;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The child side of {@link InChildJvm}: runs one test method, exits with its outcome. */
public final class ChildMain {
  static final int PASSED = 0;
  static final int FAILED = 1;
  static final int ABORTED = 2;

  private ChildMain() {}

  /** {@code args}: test class name, method name. */
  public static void main(String[] args) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(args[0] + "#" + args[1]))
        .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, listener);
    TestExecutionSummary summary = listener.getSummary();
    PrintWriter out = new PrintWriter(System.out, true);
    summary.printFailuresTo(out, 50);
    int code;
    if (summary.getTotalFailureCount() > 0 || summary.getTestsFoundCount() != 1) {
      summary.printTo(out);
      code = FAILED;
    } else if (summary.getTestsAbortedCount() > 0) {
      code = ABORTED;
    } else {
      code = PASSED;
    }
    out.flush();
    System.exit(code);
  }
}
