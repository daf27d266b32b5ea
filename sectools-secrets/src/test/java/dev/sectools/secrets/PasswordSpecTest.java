package dev.sectools.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.PasswordSpec.CharClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSpecTest {
  @TempDir Path tmp;

  @Test
  void generatePassword_default_is32CharsWithEveryClass() {
    try (SecureBuffer pw = SecretStore.generatePassword(PasswordSpec.DEFAULT)) {
      String s = pw.copyToStringUnwipeable(StandardCharsets.US_ASCII);
      assertThat(s).hasSize(32);
      for (CharClass c : CharClass.values()) {
        assertThat(s.chars().anyMatch(ch -> c.chars().indexOf(ch) >= 0)).as(c.name()).isTrue();
      }
    }
  }

  @Test
  void generatePassword_manyDraws_everyAlphabetCharacterRoughlyUniform() {
    PasswordSpec digits = PasswordSpec.builder().length(100).classes(EnumSet.of(CharClass.DIGITS)).build();
    int[] counts = new int[10];
    for (int i = 0; i < 200; i++) {
      try (SecureBuffer pw = SecretStore.generatePassword(digits)) {
        for (char c : pw.copyToStringUnwipeable(StandardCharsets.US_ASCII).toCharArray()) {
          counts[c - '0']++;
        }
      }
    }
    // 20,000 draws, 2,000 expected per digit; 6 sigma is about 255.
    for (int count : counts) {
      assertThat(count).isBetween(1745, 2255);
    }
  }

  @Test
  void generate_storesAPasswordOfTheSpec() throws Exception {
    try (SecretStore store = TestStores.create(tmp.resolve("store"))) {
      PasswordSpec spec = PasswordSpec.builder().length(48).classes(Set.of(CharClass.LOWER, CharClass.DIGITS)).build();
      assertThat(store.generate("app/generated", spec)).isEqualTo(1);
      assertThat(TestStores.read(store, "app/generated")).matches("[a-z0-9]{48}");
    }
  }

  @Test
  void builder_badValues_refused() {
    assertThatThrownBy(() -> PasswordSpec.builder().length(8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PasswordSpec.builder().classes(Set.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
