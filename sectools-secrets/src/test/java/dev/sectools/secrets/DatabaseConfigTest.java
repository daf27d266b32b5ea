package dev.sectools.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseConfigTest {
  @TempDir Path tmp;

  @Test
  void postgres_urlWithPasswordParameter_refusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> DatabaseConfig.postgres("jdbc:postgresql://db/x?user=a&password=hunter2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseConfig.postgres("jdbc:postgresql://a:hunter2@db/x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
  }

  @Test
  void postgres_otherScheme_refused() {
    assertThatThrownBy(() -> DatabaseConfig.postgres("jdbc:mysql://db/x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readPassword_fileWithTrailingNewline_returnsThePasswordAlone() throws IOException {
    Path file = tmp.resolve("pw");
    Files.writeString(file, "pä ss\r\n");
    DatabaseConfig db = DatabaseConfig.postgres("jdbc:postgresql://db/x").passwordFile(file).build();
    assertThat(db.readPassword().orElseThrow()).containsExactly("pä ss".toCharArray());
  }

  @Test
  void readPassword_unsetVariable_throwsNamingTheVariable() {
    DatabaseConfig db = DatabaseConfig.postgres("jdbc:postgresql://db/x")
        .passwordFromEnvironment("SECTOOLS_TEST_SURELY_UNSET_VARIABLE").build();
    assertThatThrownBy(db::readPassword).isInstanceOf(IOException.class)
        .hasMessageContaining("SECTOOLS_TEST_SURELY_UNSET_VARIABLE");
  }

  @Test
  void readPassword_none_isEmpty() throws IOException {
    assertThat(DatabaseConfig.postgres("jdbc:postgresql://db/x").build().readPassword()).isEmpty();
  }

  @Test
  void toString_anyConfig_showsNoParametersAndNoPassword() {
    DatabaseConfig db = DatabaseConfig.postgres("jdbc:postgresql://db:5432/x?sslmode=verify-full&currentSchema=a")
        .user("svc").passwordFromEnvironment("DB_PW").poolSize(4).connectionTimeout(Duration.ofSeconds(2)).build();
    assertThat(db.toString()).isEqualTo("DatabaseConfig[url=jdbc:postgresql://db:5432/x, user=svc, password=$DB_PW,"
        + " poolSize=4, connectionTimeout=PT2S]");
  }

  @Test
  void builder_badSizes_refused() {
    DatabaseConfig.Builder b = DatabaseConfig.postgres("jdbc:postgresql://db/x");
    assertThatThrownBy(() -> b.poolSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.connectionTimeout(Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.passwordFile(Path.of("relative"))).isInstanceOf(IllegalArgumentException.class);
  }
}
