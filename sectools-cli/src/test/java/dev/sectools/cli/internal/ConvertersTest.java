package dev.sectools.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The small parsers and writers behind the options and the JSON output. */
class ConvertersTest {
  @Test
  void duration_unitsAndIso_parse() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("90d")).isEqualTo(Duration.ofDays(90));
    assertThat(c.convert("PT10S")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void duration_garbage_isConversionError() {
    assertThatThrownBy(() -> new DurationConverter().convert("soon")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void size_suffixes_arePowersOf1024() {
    SizeConverter c = new SizeConverter();
    assertThat(c.convert("4096")).isEqualTo(4096L);
    assertThat(c.convert("64K")).isEqualTo(64L * 1024);
    assertThat(c.convert("16M")).isEqualTo(16L << 20);
  }

  @Test
  void size_overflow_isConversionError() {
    assertThatThrownBy(() -> new SizeConverter().convert("999999999999999G")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void json_controlCharactersAndNesting_areEscaped() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\u0001\u2028");
    m.put("list", List.of(1, true));
    m.put("none", null);
    assertThat(Json.of(m)).isEqualTo("{\"s\":\"a\\\"b\\\\c\\u0001\\u2028\",\"list\":[1,true],\"none\":null}");
  }

  @Test
  void table_columns_areAligned() {
    java.io.StringWriter w = new java.io.StringWriter();
    new Table("A", "LONG HEADER").row("value", 1).print(new java.io.PrintWriter(w));
    assertThat(w.toString()).isEqualTo("A      LONG HEADER\nvalue  1\n".replace("\n", System.lineSeparator()));
  }
}
