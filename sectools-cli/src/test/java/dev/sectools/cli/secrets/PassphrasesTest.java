package dev.sectools.cli.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Passphrase sources, their order, and the prompt's limited retries. */
class PassphrasesTest {
  @SecureTempDir
  Path home;

  @Test
  void open_passphraseVariable_unlocks() throws Exception {
    Cli cli = Cli.withStore(home).unset("SECTOOLS_PASSPHRASE_FILE").env("SECTOOLS_PASSPHRASE", Cli.PASSPHRASE);

    assertThat(cli.run("secrets", "list").exit()).isZero();
  }

  @Test
  void open_fileOptionBeatsVariable() throws Exception {
    Cli cli = Cli.withStore(home).env("SECTOOLS_PASSPHRASE", "wrong");

    assertThat(cli.run("secrets", "list").exit()).isZero();
  }

  @Test
  void open_noSourceAndNoTerminal_exits2() throws Exception {
    Cli cli = Cli.withStore(home).unset("SECTOOLS_PASSPHRASE_FILE");

    Cli.Result r = cli.run("secrets", "list");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--passphrase-file");
  }

  @Test
  void open_promptWrongThenRight_unlocksOnSecondTry() throws Exception {
    ScriptedTerminal t = new ScriptedTerminal("wrong", Cli.PASSPHRASE);
    Cli cli = Cli.withStore(home).unset("SECTOOLS_PASSPHRASE_FILE").terminal(t);

    assertThat(cli.run("secrets", "list").exit()).isZero();
    assertThat(t.told()).containsExactly("Wrong passphrase, try again (2 left).");
  }

  @Test
  void open_promptWrongThreeTimes_exits6WithoutAskingAgain() throws Exception {
    ScriptedTerminal t = new ScriptedTerminal("a", "b", "c");
    Cli cli = Cli.withStore(home).unset("SECTOOLS_PASSPHRASE_FILE").terminal(t);

    assertThat(cli.run("secrets", "list").exit()).isEqualTo(6);
    assertThat(t.prompts()).hasSize(Passphrases.PROMPT_ATTEMPTS);
  }

  @Test
  void open_passphraseFileLinkLeavingItsDirectory_exits7() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.createDirectory(home.resolve("secrets-dir"));
    Files.createSymbolicLink(home.resolve("secrets-dir/pass"), home.resolve("passphrase"));

    Cli.Result r = cli.run("secrets", "list", "--passphrase-file", home.resolve("secrets-dir/pass").toString());

    assertThat(r.exit()).isEqualTo(7);
  }

  @Test
  void open_passphraseFileLinkInsideItsDirectory_unlocks() throws Exception {
    Cli cli = Cli.withStore(home);
    Files.createSymbolicLink(home.resolve("pass-link"), home.resolve("passphrase").getFileName());

    assertThat(cli.run("secrets", "list", "--passphrase-file", home.resolve("pass-link").toString()).exit()).isZero();
  }

  @Test
  void init_promptEntriesDiffer_exits2AndCreatesNothing() {
    Cli cli = Cli.in(home).env("SECTOOLS_STORE", home.resolve("store").toString())
        .terminal(new ScriptedTerminal("one passphrase", "another"));

    assertThat(cli.run("secrets", "init").exit()).isEqualTo(2);
    assertThat(home.resolve("store")).doesNotExist();
  }

  @Test
  void passwd_newPassphraseFile_oldOneStopsWorking() throws Exception {
    Cli cli = Cli.withStore(home);
    cli.stdin("kept").run("secrets", "set", "app/token");
    Files.writeString(home.resolve("new-pass"), "a brand new passphrase\n");

    assertThat(cli.run("secrets", "passwd", "--new-passphrase-file", home.resolve("new-pass").toString(),
        "--kdf", "minimum").exit()).isZero();

    assertThat(cli.run("secrets", "get", "app/token").exit()).isEqualTo(6);
    assertThat(cli.run("secrets", "get", "app/token", "--passphrase-file", home.resolve("new-pass").toString()).out())
        .isEqualTo("kept");
  }
}
