package dev.sectools.internal.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.fs.DotDotPolicy;
import dev.sectools.fs.PathDisplay;
import dev.sectools.fs.PathEscapeException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PathParserTest {
  private static final Path ROOT = Path.of("/srv/root");
  private static final PathNamer FULL = new PathNamer(PathDisplay.FULL);

  private static ParsedPath parse(String s, DotDotPolicy p) throws PathEscapeException {
    return PathParser.parse(s, ROOT, p, FULL);
  }

  @Test
  void parse_redundantSlashesAndDots_areDropped() throws Exception {
    ParsedPath p = parse("./a//b/./c/", DotDotPolicy.REJECT);
    assertThat(p.components()).containsExactly("a", "b", "c");
    assertThat(p.trailingSlash()).isTrue();
    assertThat(p.joined()).isEqualTo("a/b/c");
    assertThat(parse(".", DotDotPolicy.REJECT).isRoot()).isTrue();
    assertThat(parse(".", DotDotPolicy.REJECT).joined()).isEqualTo(".");
  }

  @Test
  void parse_dotDot_rejectedByDefaultAndKeptBeneath() throws Exception {
    assertThatThrownBy(() -> parse("a/../b", DotDotPolicy.REJECT))
        .isInstanceOf(PathEscapeException.class).hasMessageContaining("REJECT");
    assertThat(parse("a/../b", DotDotPolicy.RESOLVE_BENEATH).components()).containsExactly("a", "..", "b");
    assertThatThrownBy(() -> parse("a/../../b", DotDotPolicy.RESOLVE_BENEATH))
        .isInstanceOf(PathEscapeException.class).hasMessageContaining("above the root");
  }

  @Test
  void parse_absolutePaths_acceptedOnlyInsideRoot() throws Exception {
    assertThat(parse("/srv/root/a/b", DotDotPolicy.REJECT).components()).containsExactly("a", "b");
    assertThat(parse("/srv/root", DotDotPolicy.REJECT).isRoot()).isTrue();
    assertThat(parse("/srv/root/", DotDotPolicy.REJECT).isRoot()).isTrue();
    assertThatThrownBy(() -> parse("/srv/rootx/a", DotDotPolicy.REJECT)).isInstanceOf(PathEscapeException.class);
    assertThatThrownBy(() -> parse("/srv/root/../x", DotDotPolicy.REJECT)).isInstanceOf(PathEscapeException.class);
    assertThatThrownBy(() -> parse("/etc", DotDotPolicy.REJECT)).isInstanceOf(PathEscapeException.class);
  }

  @Test
  void parse_syntaxErrors_throwInvalidPathWithoutEchoingThePath() {
    assertThatThrownBy(() -> parse("", DotDotPolicy.REJECT)).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> parse("sec\0ret", DotDotPolicy.REJECT))
        .isInstanceOf(InvalidPathException.class).hasMessageNotContaining("sec");
    assertThatThrownBy(() -> parse("a\uDC00", DotDotPolicy.REJECT)).isInstanceOf(InvalidPathException.class);
    assertThat(catchSafely("\uD83D\uDE00ok")).isTrue(); // a paired surrogate (emoji) is fine
  }

  private static boolean catchSafely(String s) {
    try {
      parse(s, DotDotPolicy.REJECT);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void display_redacted_hidesNameButIsStable() throws Exception {
    PathNamer redacted = new PathNamer(PathDisplay.REDACTED);
    ParsedPath p = PathParser.parse("customer-4711/key", ROOT, DotDotPolicy.REJECT, redacted);
    assertThat(p.display()).startsWith("<redacted:").doesNotContain("4711").isEqualTo(p.toString());
    assertThat(redacted.show("customer-4711/key")).isEqualTo(p.display());
    assertThat(redacted.show("customer-4712/key")).isNotEqualTo(p.display());
    assertThat(p.parent().display()).isEqualTo(p.display());
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", ".", "..", "", "x y", "\0", "é", "/", "//");
    return segment.list().ofMaxSize(12).map(l -> String.join("/", l))
        .injectDuplicates(0.1)
        .edgeCases(c -> c.add("/srv/root/a"));
  }

  @Property
  void parse_anyInput_eitherThrowsTypedOrYieldsCleanComponents(@ForAll("paths") String raw) {
    for (DotDotPolicy policy : DotDotPolicy.values()) {
      ParsedPath p;
      try {
        p = parse(raw, policy);
      } catch (InvalidPathException | PathEscapeException expected) {
        continue;
      }
      assertThat(p.components()).doesNotContain("", ".").allSatisfy(c -> assertThat(c).doesNotContain("/", "\0"));
      if (policy == DotDotPolicy.REJECT) {
        assertThat(p.components()).doesNotContain("..");
      }
      int depth = 0;
      for (String c : p.components()) {
        depth += c.equals("..") ? -1 : 1;
        assertThat(depth).as("never lexically above the root").isNotNegative();
      }
    }
  }
}
