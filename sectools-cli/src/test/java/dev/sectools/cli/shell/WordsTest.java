package dev.sectools.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void split_blanksQuotesAndEscapes_asAShellWould() {
    assertThat(Words.split("  list -r  'app/with space' \"x y\" c\\ d ''")).containsExactly(
        "list", "-r", "app/with space", "x y", "c d", "");
  }

  @Test
  void split_unclosedQuoteOrTrailingBackslash_refused() {
    assertThatThrownBy(() -> Words.split("get 'app")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Words.split("get app\\")).isInstanceOf(IllegalArgumentException.class);
  }
}
