package dev.sectools.cli.shell;

import java.util.ArrayList;
import java.util.List;

/** Splits a shell line into words: blanks separate, '…' and "…" quote, a backslash escapes. */
final class Words {
  private Words() {}

  /**
   * The words of {@code line}.
   *
   * @throws IllegalArgumentException if a quote is not closed or the line ends in a backslash
   */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\') {
        if (++i == line.length()) {
          throw new IllegalArgumentException("the line ends in a backslash");
        }
        word.append(line.charAt(i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("a " + quote + " quote is not closed");
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
