package dev.sectools.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Lays out every command's description for the terminal it is shown on. The sources write a
 * description as lines of about 90 columns. picocli prints each as a paragraph of its own, wraps
 * one longer than the terminal mid-sentence (a long line, a stub of a few words, the next line),
 * and breaks lines after a {@code /} or a {@code .} as well as at spaces ({@code ~/.} then
 * {@code cache/sectools}). Here the lines of one paragraph are joined, and the description is
 * wrapped at spaces only, to the width picocli uses for the rest of the help.
 *
 * <p>A paragraph ends at a line that ends a sentence ({@code .}, {@code :}, {@code ?} or
 * {@code !}). An empty line, or a line that starts with a space (an example to copy), stays a line
 * of its own and is never wrapped.
 */
final class HelpText {
  private HelpText() {}

  /** Lays out the description of {@code cmd} and of every subcommand below it. */
  static void layOut(CommandLine cmd) {
    UsageMessageSpec usage = cmd.getCommandSpec().usageMessage();
    usage.description(paragraphs(usage.description()));
    cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpText::description);
    cmd.getSubcommands().values().forEach(HelpText::layOut); // an alias's twice: laying out is idempotent
  }

  /** {@code lines} joined into paragraphs. */
  static String[] paragraphs(String[] lines) {
    List<String> out = new ArrayList<>(lines.length);
    StringBuilder paragraph = new StringBuilder();
    for (String line : lines) {
      if (standsAlone(line)) {
        flush(paragraph, out);
        out.add(line);
        continue;
      }
      if (!paragraph.isEmpty()) {
        paragraph.append(' ');
      }
      paragraph.append(line.strip());
      if (endsSentence(line)) {
        flush(paragraph, out);
      }
    }
    flush(paragraph, out);
    return out.toArray(String[]::new);
  }

  /**
   * The description section: each paragraph formatted as picocli formats it ({@code %n} and
   * {@code %%}) and wrapped at spaces to the help's width, less the last column, which picocli
   * leaves free.
   */
  static String description(Help help) {
    int width = help.commandSpec().usageMessage().width() - 1;
    StringBuilder out = new StringBuilder();
    for (String paragraph : help.commandSpec().usageMessage().description()) {
      for (String line : String.format(Locale.ROOT, paragraph).split("\\R", -1)) {
        wrap(line, width, out);
      }
    }
    return out.toString();
  }

  private static void wrap(String line, int width, StringBuilder out) {
    if (standsAlone(line)) {
      out.append(line.stripTrailing()).append(System.lineSeparator());
      return;
    }
    int column = 0;
    for (String word : line.strip().split(" +")) {
      if (column > 0 && column + 1 + word.length() > width) {
        out.append(System.lineSeparator());
        column = 0;
      }
      if (column > 0) {
        out.append(' ');
        column++;
      }
      out.append(word);
      column += word.length();
    }
    out.append(System.lineSeparator());
  }

  private static boolean standsAlone(String line) {
    return line.isBlank() || Character.isWhitespace(line.charAt(0)) || line.startsWith("%n");
  }

  private static boolean endsSentence(String line) {
    String s = line.stripTrailing();
    char last = s.charAt(s.length() - 1);
    return last == '.' || last == ':' || last == '?' || last == '!';
  }

  private static void flush(StringBuilder paragraph, List<String> out) {
    if (!paragraph.isEmpty()) {
      out.add(paragraph.toString());
      paragraph.setLength(0);
    }
  }
}
