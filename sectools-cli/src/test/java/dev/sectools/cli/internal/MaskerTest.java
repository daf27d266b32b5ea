package dev.sectools.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskerTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mask(List<String> secrets, String text, int chunk) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Masker m = new Masker(secrets.stream().map(MaskerTest::utf8).toList());
    byte[] bytes = utf8(text);
    for (int i = 0; i < bytes.length; i += chunk) {
      m.write(bytes, i, Math.min(chunk, bytes.length - i), out);
    }
    m.finish(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void write_valueInOneChunk_isMasked() throws Exception {
    assertThat(mask(List.of("hunter22"), "password=hunter22;", 1000)).isEqualTo("password=<masked>;");
  }

  @Test
  void write_valueSplitAcrossEveryBoundary_isMasked() throws Exception {
    String text = "a hunter22 b hunter22hunter22 c";
    for (int chunk = 1; chunk <= text.length(); chunk++) {
      assertThat(mask(List.of("hunter22"), text, chunk)).as("chunk %d", chunk)
          .isEqualTo("a <masked> b <masked><masked> c");
    }
  }

  @Test
  void write_overlappingValues_longestWinsEvenWhenSplit() throws Exception {
    for (int chunk = 1; chunk <= 6; chunk++) {
      assertThat(mask(List.of("abcd", "abcdefgh"), "xabcdefghy abcdz", chunk)).as("chunk %d", chunk)
          .isEqualTo("x<masked>y <masked>z");
    }
  }

  @Test
  void finish_prefixOfValueAtEnd_isReleasedUnmasked() throws Exception {
    assertThat(mask(List.of("hunter22"), "ends with hunt", 3)).isEqualTo("ends with hunt");
  }

  @Test
  void write_valueShorterThanMinimum_isNotMasked() throws Exception {
    assertThat(mask(List.of("abc"), "abc abc", 2)).isEqualTo("abc abc");
  }

  @Test
  void write_randomTextAndChunks_equalsWholeTextMasking() throws Exception {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 60; i++) {
        sb.append("xyab".charAt(random.nextInt(4)));
      }
      String text = sb.toString();
      String expected = text.replace("abab", "\0").replace("\0", "<masked>");
      assertThat(mask(List.of("abab"), text, 1 + random.nextInt(7))).as(text).isEqualTo(expected);
    }
  }
}
