package dev.sectools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

class HelpTextTest {
  private static final int WIDTH = 80;

  @Test
  void paragraphs_linesOfOneSentence_joinIntoOne() {
    assertThat(HelpText.paragraphs(new String[] {"The store is a directory holding", "one file; every value",
        "is encrypted.", "Values never come from the command line:", "'set' reads them."}))
        .containsExactly("The store is a directory holding one file; every value is encrypted.",
            "Values never come from the command line:", "'set' reads them.");
  }

  @Test
  void paragraphs_examplesAndBlankLines_standAlone() {
    assertThat(HelpText.paragraphs(new String[] {"Search the log for it", "", "  grep x audit.log", "then",
        "%nWhen no COMMAND is given"}))
        .containsExactly("Search the log for it", "", "  grep x audit.log", "then", "%nWhen no COMMAND is given");
  }

  @Test
  void paragraphs_laidOutAlready_areKept() {
    String[] once = HelpText.paragraphs(new String[] {"One line", "and its end.", "Another."});

    assertThat(HelpText.paragraphs(once)).containsExactly(once);
  }

  /**
   * The defect this guards against: a description line longer than the terminal, wrapped by picocli
   * mid-sentence, leaves a stub line after it ("...a 0700 directory" / "that is refused...").
   */
  @Test
  void everyCommandsHelp_at80Columns_breaksLinesOnlyWhereTheNextWordDoesNotFit() {
    CommandLine root = Sectools.fullCommandLine();
    root.setUsageHelpWidth(WIDTH);
    List<String> ragged = new ArrayList<>();
    collect(root, ragged);

    assertThat(ragged).isEmpty();
  }

  /** picocli alone breaks lines after a slash or a dot too: "(~/." then "cache/sectools". */
  @Test
  void everyCommandsHelp_at80Columns_breaksLinesOnlyAtSpaces() {
    CommandLine root = Sectools.fullCommandLine();
    root.setUsageHelpWidth(WIDTH);
    List<String> split = new ArrayList<>();
    collectSplitWords(root, split);

    assertThat(split).isEmpty();
  }

  @Test
  void description_wrapsParagraphsAndKeepsExamplesWhole() {
    CommandLine cmd = new CommandLine(CommandLine.Model.CommandSpec.create());
    cmd.getCommandSpec().usageMessage().description("Search the log for the path's hash, as printed by",
        "the command (sixteen words or so):",
        "  grep \"$(printf %%s app/db-password | sectools secrets audit hash)\" audit.log",
        "Done.");
    cmd.setUsageHelpWidth(60);
    HelpText.layOut(cmd);

    assertThat(shown(cmd).split("\\R")).containsExactly(
        "Search the log for the path's hash, as printed by the",
        "command (sixteen words or so):",
        "  grep \"$(printf %s app/db-password | sectools secrets audit hash)\" audit.log",
        "Done.");
  }

  private static void collectSplitWords(CommandLine cmd, List<String> split) {
    String shown = shown(cmd).strip().replaceAll("\\s+", " ");
    String written = String.format(String.join(" ", cmd.getCommandSpec().usageMessage().description()))
        .strip().replaceAll("\\s+", " ");
    if (!shown.equals(written)) {
      split.add(cmd.getCommandSpec().qualifiedName() + ": " + shown);
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (sub.getParent() == cmd) {
        collectSplitWords(sub, split);
      }
    }
  }

  private static void collect(CommandLine cmd, List<String> ragged) {
    checkBreaks(cmd.getCommandSpec().qualifiedName(), shown(cmd), ragged);
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (sub.getParent() == cmd) {
        collect(sub, ragged);
      }
    }
  }

  /** The description as the usage help shows it. */
  private static String shown(CommandLine cmd) {
    return cmd.getHelpSectionMap().get(UsageMessageSpec.SECTION_KEY_DESCRIPTION).render(cmd.getHelp());
  }

  private static void checkBreaks(String command, String text, List<String> ragged) {
    String[] lines = text.split("\\R");
    for (int i = 0; i + 1 < lines.length; i++) {
      String line = lines[i].stripTrailing();
      String next = lines[i + 1];
      if (line.isEmpty() || next.isBlank() || isExample(line) || isExample(next) || endsSentence(line)) {
        continue;
      }
      String nextWord = next.split("\\s+", 2)[0];
      if (line.length() + 1 + nextWord.length() < WIDTH) { // picocli leaves the last column free
        ragged.add(command + ": \"" + line + "\" / \"" + next + "\"");
      }
    }
  }

  private static boolean isExample(String line) {
    return Character.isWhitespace(line.charAt(0));
  }

  private static boolean endsSentence(String line) {
    char last = line.charAt(line.length() - 1);
    return last == '.' || last == ':' || last == '?' || last == '!';
  }
}
