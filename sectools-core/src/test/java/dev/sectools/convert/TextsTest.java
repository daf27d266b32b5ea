package dev.sectools.convert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void shown_printableAscii_returnsUnchanged() {
    assertThat(Texts.shown("-123 abc XYZ ~!")).isEqualTo("-123 abc XYZ ~!");
  }

  @Test
  void shown_controlAndNonAsciiCharacters_escapedAsUnicode() {
    assertThat(Texts.shown("a\nb\r\u0000\u007f\u00e9\u0661"))
        .isEqualTo("a\\u000ab\\u000d\\u0000\\u007f\\u00e9\\u0661");
  }

  @Test
  void shown_quoteAndBackslash_escapedWithBackslash() {
    assertThat(Texts.shown("say \"hi\" \\ bye")).isEqualTo("say \\\"hi\\\" \\\\ bye");
  }

  @Test
  void shown_exactlyAtLimit_notCut() {
    String text = "7".repeat(Texts.MAX_SHOWN_CHARS);
    assertThat(Texts.shown(text)).isEqualTo(text);
  }

  @Test
  void shown_overLimit_cutAndLengthAppended() {
    String text = "7".repeat(Texts.MAX_SHOWN_CHARS + 1);
    assertThat(Texts.shown(text)).isEqualTo("7".repeat(Texts.MAX_SHOWN_CHARS) + "...(65 chars)");
  }

  @Test
  void shown_allEscaped_cutByEscapedLengthSoMessagesStayShort() {
    String text = "\u0000".repeat(Texts.MAX_SHOWN_CHARS);
    String shown = Texts.shown(text);
    assertThat(shown).isEqualTo("\\u0000".repeat(Texts.MAX_ESCAPED_CHARS / 6) + "...(64 chars)");
    assertThat(shown.length()).isLessThanOrEqualTo(Texts.MAX_ESCAPED_CHARS + 24);
  }

  @Test
  void shown_object_usesToStringAndNullAsNull() {
    assertThat(Texts.shown((Object) 1.5)).isEqualTo("1.5");
    assertThat(Texts.shown((Object) null)).isEqualTo("null");
  }

  @Test
  void quoted_text_wrappedInDoubleQuotes() {
    assertThat(Texts.quoted("a\"b")).isEqualTo("\"a\\\"b\"");
  }
}
