package dev.sectools.secrets;

import static dev.sectools.secrets.TestStores.read;
import static dev.sectools.secrets.TestStores.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sectools.memory.SecureBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Plaintext export and import, JSON and dotenv. */
class ExportImportTest {
  private static final String CANARY = "canary-91be-never-in-a-message";
  private static final Map<String, String> TEXT = Map.of(
      "app/PLAIN", "hunter2",
      "app/QUOTES", "say \"hi\" and 'bye' \\ back",
      "app/MULTI", "line one\nline two\r\n\tindented",
      "app/DOLLAR", "$HOME and ${PATH} stay literal",
      "app/UNICODE", "pässwörd ✓ 🔑 \u2028",
      "app/EMPTY", "",
      "app/HASH", "value # not a comment");

  @TempDir Path tmp;

  private SecretStore create(String name) throws Exception {
    return SecretStore.create(StoreConfig.builder(tmp.resolve(name), new FixedKeyProvider("k"))
        .pathDisplay(dev.sectools.fs.PathDisplay.FULL).build());
  }

  @ParameterizedTest
  @EnumSource(PlaintextFormat.class)
  void exportPlaintextInsecure_toFileAndImported_sameValuesAndFile0600(PlaintextFormat format) throws Exception {
    Path file = tmp.resolve("export." + format.name().toLowerCase(java.util.Locale.ROOT));
    try (SecretStore source = create("source")) {
      for (Map.Entry<String, String> e : TEXT.entrySet()) {
        source.put(e.getKey(), utf8("old"));
        source.put(e.getKey(), utf8(e.getValue()));
      }
      source.put("other/NOT_EXPORTED", utf8("x"));
      assertThat(source.exportPlaintextInsecure(file, format, "app/")).isEqualTo(TEXT.size());
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    try (SecretStore target = create("target")) {
      try (var in = Files.newInputStream(file)) {
        assertThat(target.importPlaintextInsecure(in, format, "app/", Progress.NONE)).isEqualTo(TEXT.size());
      }
      assertThat(target.listRecursive("")).containsExactlyInAnyOrderElementsOf(TEXT.keySet());
      for (Map.Entry<String, String> e : TEXT.entrySet()) {
        assertThat(read(target, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void exportPlaintextInsecure_jsonBinaryValue_base64AndBack() throws Exception {
    byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 0x28, 1, 2};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SecretStore source = create("source")) {
      source.put("tls/key", binary);
      source.exportPlaintextInsecure(out, PlaintextFormat.JSON, "");
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("{\"base64\": \"/wDDKAEC\"}");
    try (SecretStore target = create("target")) {
      target.importPlaintextInsecure(new ByteArrayInputStream(out.toByteArray()), PlaintextFormat.JSON, "",
          Progress.NONE);
      try (SecureBuffer value = target.get("tls/key")) {
        byte[] copy = new byte[value.length()];
        value.copyTo(copy);
        assertThat(copy).isEqualTo(binary);
      }
    }
  }

  @Test
  void exportPlaintextInsecure_deletedOrDestroyedCurrent_leftOut() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (SecretStore source = create("source")) {
      source.put("app/A", utf8("a"));
      source.put("app/B", utf8("b"));
      source.put("app/C", utf8("c"));
      source.delete("app/B");
      source.destroy("app/C");
      assertThat(source.exportPlaintextInsecure(out, PlaintextFormat.DOTENV, "app/")).isEqualTo(1);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("\nA=\"a\"\n");
  }

  @Test
  void exportPlaintextInsecure_fileExists_refusedAndUntouched() throws Exception {
    Path file = tmp.resolve("export.json");
    Files.writeString(file, "mine");
    try (SecretStore source = create("source")) {
      source.put("app/A", utf8("a"));
      assertThatThrownBy(() -> source.exportPlaintextInsecure(file, PlaintextFormat.JSON, ""))
          .isInstanceOf(FileAlreadyExistsException.class);
    }
    assertThat(Files.readString(file)).isEqualTo("mine");
  }

  @Test
  void exportPlaintextInsecure_dotenvNameNotAVariable_refusedNoFileLeft() throws Exception {
    Path file = tmp.resolve("export.env");
    try (SecretStore source = create("source")) {
      source.put("app/db/password", utf8(CANARY));
      assertThatThrownBy(() -> source.exportPlaintextInsecure(file, PlaintextFormat.DOTENV, "app/"))
          .isInstanceOf(PlaintextFormatException.class).hasMessageContaining("use JSON")
          .hasMessageNotContaining(CANARY);
    }
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("source");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "not an object              | `[\"a\"]`                                          | line 1: expected '{'",
      "unterminated string        | `{\n \"app/a\": \"CANARY`                          | line 2: unterminated string",
      "missing comma              | `{\"app/a\": \"CANARY\"\n\n \"app/b\": \"x\"}`      | line 3: expected ',' or '}'",
      "number value               | `{\n\"app/a\": 42}`                                 | line 2: expected a string or",
      "bad escape                 | `{\"app/a\": \"CANARY\\q\"}`                        | line 1: invalid escape",
      "raw newline in string      | `{\"app/a\": \"CANARY\nmore\"}`                     | line 2: control character",
      "bad base64                 | `{\"app/a\": {\"base64\": \"CANARY!!\"}}`           | line 1: invalid base64",
      "invalid path               | `{\"app/a\": \"x\",\n\"nonamespace\": \"CANARY\"}`  | line 2: secret path must be namespace/name",
      "path twice                 | `{\"app/a\": \"x\",\n\n\"app/a\": \"CANARY\"}`      | line 3: a secret path given twice",
      "trailing content           | `{\"app/a\": \"CANARY\"} {}`                        | line 1: unexpected content",
  })
  void importPlaintextInsecure_malformedJson_lineNumberAndNothingImported(String what, String json, String message)
      throws Exception {
    assertImportRefused(PlaintextFormat.JSON, json.replace("\\n", "\n").replace("CANARY", CANARY), message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "no equals                  | `A=x\nB CANARY`                 | line 2: expected '='",
      "bad name                   | `A=x\n# c\n1B=CANARY`           | line 3: expected NAME=value",
      "unterminated quote         | `A=\"CANARY\nB=x`               | line 1: unterminated quoted value",
      "text after quote           | `\n\nA='CANARY' tail`           | line 3: unexpected text after the closing quote",
      "bad escape                 | `A=\"CANARY\\q\"`               | line 1: invalid escape",
      "name twice                 | `A=x\nA=CANARY`                 | line 2: a secret path given twice",
  })
  void importPlaintextInsecure_malformedDotenv_lineNumberAndNothingImported(String what, String env, String message)
      throws Exception {
    assertImportRefused(PlaintextFormat.DOTENV, env.replace("\\n", "\n").replace("CANARY", CANARY), message);
  }

  private void assertImportRefused(PlaintextFormat format, String input, String message) throws Exception {
    try (SecretStore store = create("store")) {
      store.put("app/existing", utf8("kept"));
      assertThatThrownBy(() -> store.importPlaintextInsecure(new ByteArrayInputStream(utf8(input)), format, "app/",
          Progress.NONE)).isInstanceOf(PlaintextFormatException.class).hasMessageStartingWith(message)
          .hasMessageNotContaining(CANARY);
      assertThat(store.listRecursive("")).containsExactly("app/existing");
    }
  }

  @Test
  void importPlaintextInsecure_dotenvSyntax_commentsExportQuotesAndBlanks() throws Exception {
    String env = "# comment\n\nexport A=plain value   # trailing comment\nB='single $HOME \\n literal'\n"
        + "C=\"double \\\"q\\\" \\$HOME\\nline\"  # c\r\nD=\nE=a#b\n";
    try (SecretStore store = create("store")) {
      assertThat(store.importPlaintextInsecure(new ByteArrayInputStream(utf8(env)), PlaintextFormat.DOTENV, "ns/",
          Progress.NONE)).isEqualTo(5);
      assertThat(read(store, "ns/A")).isEqualTo("plain value");
      assertThat(read(store, "ns/B")).isEqualTo("single $HOME \\n literal");
      assertThat(read(store, "ns/C")).isEqualTo("double \"q\" $HOME\nline");
      assertThat(read(store, "ns/D")).isEmpty();
      assertThat(read(store, "ns/E")).isEqualTo("a#b");
    }
  }

  @Test
  void importPlaintextInsecure_secretRequiresCheckAndSet_nothingImported() throws Exception {
    try (SecretStore store = create("store")) {
      store.put("app/B", utf8("old"));
      store.updateMetadata("app/B", MetadataUpdate.builder().checkAndSet(CheckAndSet.REQUIRED).build());
      assertThatThrownBy(() -> store.importPlaintextInsecure(new ByteArrayInputStream(utf8("A=1\nB=2\n")),
          PlaintextFormat.DOTENV, "app/", Progress.NONE)).isInstanceOf(VersionConflictException.class);
      assertThat(store.listRecursive("")).containsExactly("app/B");
      assertThat(read(store, "app/B")).isEqualTo("old");
    }
  }

  @Test
  void importPlaintextInsecure_manySecrets_progressUpToTheTotal() throws Exception {
    StringBuilder env = new StringBuilder();
    for (int i = 0; i < 2500; i++) {
      env.append("S").append(i).append("=v").append(i).append('\n');
    }
    List<long[]> reports = new ArrayList<>();
    try (SecretStore store = create("store")) {
      store.importPlaintextInsecure(new ByteArrayInputStream(utf8(env.toString())), PlaintextFormat.DOTENV, "bulk/",
          (d, t) -> reports.add(new long[] {d, t}));
      assertThat(store.listRecursive("bulk/")).hasSize(2500);
    }
    assertThat(reports).extracting(r -> r[0]).containsExactly(1000L, 2000L, 2500L);
    assertThat(reports).allMatch(r -> r[1] == 2500);
  }

  @Test
  void importPlaintextInsecure_jsonEscapes_decoded() throws Exception {
    String json = "{\"app/a\": \"\\u00e9\\ud83d\\udd11\\/\\b\\f\", \"app/b\": {\"base64\": \"aGk=\"}}";
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("app/a", "é🔑/\b\f");
    expected.put("app/b", "hi");
    try (SecretStore store = create("store")) {
      store.importPlaintextInsecure(new ByteArrayInputStream(utf8(json)), PlaintextFormat.JSON, "", Progress.NONE);
      for (Map.Entry<String, String> e : expected.entrySet()) {
        assertThat(read(store, e.getKey())).isEqualTo(e.getValue());
      }
    }
  }
}
