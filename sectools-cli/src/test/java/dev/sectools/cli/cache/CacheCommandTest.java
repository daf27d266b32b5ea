package dev.sectools.cli.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sectools.cli.Cli;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.ScriptedTerminal;
import dev.sectools.junit.SecureTempDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code sectools cache …}, in-process, each exit code provoked the way a user would meet it. */
class CacheCommandTest {
  private static final byte[] DATA = "reference bytes\n\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
  private static final String OTHER_SHA = "8a3bd4bbfa3d3bb6b8cc7b0a96ab1f7c8ff67d5c52fd1bf9ba3a15c4e9d1c1b0";

  @SecureTempDir
  Path home;

  Cli cli;
  String sha;

  @BeforeEach
  void cache() {
    cli = Cli.in(home).env("SECTOOLS_CACHE_DIR", home.resolve("cache").toString());
    Cli.Result put = cli.stdin(DATA).run("cache", "put", "bucket", "ref.bin");
    assertThat(put.exit()).as(put.err()).isZero();
    sha = put.out().strip();
  }

  private Path contentFile() {
    return home.resolve("cache/content").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
  }

  @Test
  void put_stdin_printsSha256OfTheContent() throws Exception {
    assertThat(sha).isEqualTo(dev.sectools.cache.Sha256.of(DATA).hex());
    assertThat(Files.readAllBytes(contentFile())).isEqualTo(DATA);
  }

  @Test
  void get_rightSha_stdoutIsExactlyTheBytes() {
    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha);

    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).isEqualTo(DATA);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void get_outFile_writes0600FileWithTheBytes() throws Exception {
    Path out = home.resolve("out.bin");

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.stdout()).isEmpty();
    assertThat(Files.readAllBytes(out)).isEqualTo(DATA);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
  }

  @Test
  void getOut_anotherEntrysContentFile_exits7AndThatEntryIntact() throws Exception {
    cli.stdin("other content").run("cache", "put", "bucket", "other");
    String otherSha = dev.sectools.cache.Sha256.of("other content".getBytes(StandardCharsets.UTF_8)).hex();
    Path otherFile = home.resolve("cache/content").resolve(otherSha.substring(0, 2))
        .resolve(otherSha.substring(2, 4)).resolve(otherSha);

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", otherFile.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains("inside the cache directory").contains(otherFile.toString());
    assertThat(cli.run("cache", "get", "bucket", "other", "--sha256", otherSha).out()).isEqualTo("other content");
  }

  @Test
  void getOut_cacheDirectoryThroughALink_exits7() throws Exception {
    Path alias = Files.createSymbolicLink(home.resolve("alias"), home.resolve("cache"));

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out",
        alias.resolve("index/planted").toString());

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(home.resolve("cache/index/planted")).doesNotExist();
  }

  @Test
  void getOut_missingDirectory_exits3NamingThePathAsTyped() {
    Path out = home.resolve("nodir/f");

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", out.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).contains("'" + home.resolve("nodir") + "', the directory of --out").doesNotContain("redacted");
  }

  @Test
  void getOut_symbolicLink_exits7NamingItWithoutFileOptions() throws Exception {
    Path link = Files.createSymbolicLink(home.resolve("lnk"), home.resolve("target"));

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", link.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains(link.toString()).doesNotContain("redacted").doesNotContain("--symlinks");
    assertThat(home.resolve("target")).doesNotExist();
  }

  @Test
  void getOut_directory_exits7NamingIt() throws Exception {
    Path dir = Files.createDirectory(home.resolve("adir"));

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", dir.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains(dir.toString()).contains("not a regular file").doesNotContain("redacted");
  }

  @Test
  void getOut_dotDot_exits2WithoutRootOption() throws Exception {
    Files.createDirectory(home.resolve("foo"));

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", home.resolve("foo/..").toString());

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("--out must name a file").doesNotContain("--root");
  }

  @Test
  void getOut_pathWithNewline_errorStaysOneLine() {
    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out",
        home.resolve("no\nsectools: fake/f").toString());

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("no\\nsectools: fake");
  }

  @Test
  void put_overSizeLimit_exits7HintingTheVariable() throws Exception {
    Path big = home.resolve("big");
    Files.write(big, new byte[100]);

    Cli.Result r = cli.env("SECTOOLS_CACHE_MAX_BYTES", "10").run("cache", "put", "bucket", "big", big.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains("10 bytes").contains("SECTOOLS_CACHE_MAX_BYTES")
        .doesNotContain("--max-size").doesNotContain("redacted");
  }

  @Test
  void put_fileArgument_storedUnderKey() throws Exception {
    Path f = home.resolve("in.bin");
    Files.write(f, new byte[] {1, 2, 3});

    Cli.Result r = cli.run("cache", "put", "bucket", "other", f.toString(), "--json");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"size\":3").contains(dev.sectools.cache.Sha256.of(new byte[] {1, 2, 3}).hex());
  }

  @Test
  void put_directoryAsFile_exits7NamingIt() {
    Cli.Result r = cli.run("cache", "put", "bucket", "dir", home.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains(home.toString()).contains("directory").doesNotContain("I/O error");
  }

  @Test
  void put_stdinIsATerminal_exits2WithoutWaiting() {
    Cli.Result r = cli.terminal(new ScriptedTerminal()).run("cache", "put", "bucket", "typed");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("standard input is a terminal").contains("FILE");
    assertThat(cli.run("cache", "stats", "--json").out()).contains("\"entries\":1,");
  }

  @Test
  void put_fileWhileStdinIsATerminal_stored() throws Exception {
    Path f = Files.write(home.resolve("in.bin"), DATA);

    Cli.Result r = cli.terminal(new ScriptedTerminal()).run("cache", "put", "bucket", "file", f.toString());

    assertThat(r.exit()).as(r.err()).isZero();
  }

  @Test
  void get_stdoutIsATerminal_exits2AndWritesNothing() {
    Cli.Result r = cli.terminal(new ScriptedTerminal().withStdoutTerminal())
        .run("cache", "get", "bucket", "ref.bin", "--sha256", sha);

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.stdout()).isEmpty();
    assertThat(r.err()).contains("terminal").contains("--out");
  }

  @Test
  void getOut_stdoutIsATerminal_writesTheFile() throws Exception {
    Path out = home.resolve("out.bin");

    Cli.Result r = cli.terminal(new ScriptedTerminal().withStdoutTerminal())
        .run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(DATA);
  }

  @Test
  void get_otherSha_exits3() {
    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", OTHER_SHA);

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err()).startsWith("sectools: not in the cache");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void get_byteFlippedInStoredFile_exits5AndEntryRemoved() throws Exception {
    flipFirstByte(contentFile());

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha);

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(r.stdout()).isEmpty();
    assertThat(r.err()).contains("failed verification");
    assertThat(contentFile()).doesNotExist();
    assertThat(cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha).exit()).isEqualTo(ExitCode.NOT_FOUND.code());
  }

  @Test
  void get_byteFlippedWithOutFile_exits5AndNoFileWritten() throws Exception {
    flipFirstByte(contentFile());
    Path out = home.resolve("out.bin");

    Cli.Result r = cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha, "--out", out.toString());

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(out).doesNotExist();
  }

  @Test
  void putExpect_mismatch_exits5AndOldEntryKept() {
    Cli.Result r = cli.stdin("other content").run("cache", "put", "bucket", "ref.bin", "--expect", OTHER_SHA);

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(r.err()).contains("does not hash to --expect");
    assertThat(cli.run("cache", "get", "bucket", "ref.bin", "--sha256", sha).stdout()).isEqualTo(DATA);
  }

  @Test
  void putExpect_match_exits0() {
    Cli.Result r = cli.stdin(DATA).run("cache", "put", "bucket", "copy", "--expect", sha.toUpperCase(java.util.Locale.ROOT));

    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo(sha);
  }

  @Test
  void verify_allIntact_exits0() {
    Cli.Result r = cli.run("cache", "verify", "--json");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("\"checked\":1").contains("\"corrupt\":0");
  }

  @Test
  void verify_byteFlipped_exits5AndEntryRemoved() throws Exception {
    cli.stdin("second").run("cache", "put", "bucket", "second");
    flipFirstByte(contentFile());

    Cli.Result r = cli.run("cache", "verify");

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(r.out()).startsWith("checked 2 entries").contains("1 corrupt, removed");
    assertThat(contentFile()).doesNotExist();
    assertThat(cli.run("cache", "verify", "bucket", "ref.bin").exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(cli.run("cache", "stats", "--json").out()).contains("\"entries\":1");
  }

  @Test
  void verify_contentSharedByFourKeysFlipped_reportsAllFourAsStatsShows() throws Exception {
    for (String k : new String[] {"k2", "k3", "k4"}) {
      cli.stdin(DATA).run("cache", "put", "bucket", k);
    }
    cli.stdin("other").run("cache", "put", "bucket", "other");
    flipFirstByte(contentFile());

    Cli.Result r = cli.run("cache", "verify");

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(r.out()).startsWith("checked 5 entries (5 bytes intact): 4 corrupt, removed");
    assertThat(r.err()).contains("4 cache entries failed verification");
    assertThat(cli.run("cache", "stats", "--json").out()).contains("\"entries\":1,");
  }

  @Test
  void gcVerify_contentSharedByTwoKeysFlipped_jsonCountsBoth() throws Exception {
    cli.stdin(DATA).run("cache", "put", "bucket", "copy");
    flipFirstByte(contentFile());

    Cli.Result r = cli.run("cache", "gc", "--verify", "--json");

    assertThat(r.exit()).isEqualTo(ExitCode.INTEGRITY.code());
    assertThat(r.out()).contains("\"checked\":2,\"corrupt\":2").contains("\"entries\":0");
  }

  @Test
  void verifyOne_intact_printsSha() {
    Cli.Result r = cli.run("cache", "verify", "bucket", "ref.bin");

    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).isEqualTo(sha);
  }

  @Test
  void open_cacheDirectoryOpenToOthers_exits7() throws Exception {
    Files.setPosixFilePermissions(home.resolve("cache"), PosixFilePermissions.fromString("rwxrwxrwx"));

    Cli.Result r = cli.run("cache", "stats");

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).startsWith("sectools: refused").contains(home.resolve("cache").toString())
        .contains("chmod 700").contains("--cache-dir").doesNotContain("ExistingDirectoryPolicy");
  }

  @Test
  void open_cacheDirectoryIsALink_exits7SayingWhatToDo() throws Exception {
    Path link = Files.createSymbolicLink(home.resolve("link"), home.resolve("cache"));

    Cli.Result r = cli.env("SECTOOLS_CACHE_DIR", link.toString()).run("cache", "stats");

    assertThat(r.exit()).isEqualTo(ExitCode.POLICY.code());
    assertThat(r.err()).contains(link.toString()).contains("symbolic link").doesNotContain("redacted");
  }

  @Test
  void get_noSha256Option_exits2() {
    assertThat(cli.run("cache", "get", "bucket", "ref.bin").exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(cli.run("cache", "get", "bucket", "ref.bin", "--sha256", "abc").exit()).isEqualTo(ExitCode.USAGE.code());
  }

  @Test
  void open_memoryBackendRequested_exits2() {
    Cli.Result r = cli.env("SECTOOLS_CACHE_BACKEND", "memory").run("cache", "stats");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("SECTOOLS_CACHE_BACKEND=memory");
  }

  @Test
  void open_invalidCacheVariable_exits2NamingIt() {
    Cli.Result r = cli.env("SECTOOLS_CACHE_MAX_BYTES", "lots").run("cache", "stats");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("SECTOOLS_CACHE_MAX_BYTES=lots");
  }

  @Test
  void stats_tableAndJson_showEntriesAndDirectory() {
    Cli.Result table = cli.run("cache", "stats");
    Cli.Result json = cli.run("cache", "stats", "--json");

    assertThat(table.out()).startsWith("DIRECTORY").contains(home.resolve("cache").toString());
    assertThat(json.out()).contains("\"entries\":1").contains("\"bytes\":" + DATA.length).contains("\"ttl_seconds\":null");
  }

  @Test
  void gc_verify_exits0AndReportsHeldBytes() {
    Cli.Result r = cli.run("cache", "gc", "--verify", "--json");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"checked\":1").contains("\"entries\":1");
    assertThat(r.err()).as("no progress bar without a terminal").isEmpty();
  }

  @Test
  void cacheDir_fromConfigFileAndOption_usedInThatOrder() throws Exception {
    Path config = home.resolve("config");
    Files.writeString(config, "cache-dir=" + home.resolve("from-config") + "\n");
    Cli other = Cli.in(home).env("SECTOOLS_CONFIG", config.toString());

    assertThat(other.run("cache", "stats", "--json").out()).contains(home.resolve("from-config").toString());
    assertThat(other.run("cache", "stats", "--json", "--cache-dir", home.resolve("opt").toString()).out())
        .contains(home.resolve("opt").toString());
  }

  @Test
  void cacheDir_optionGivenWhileVariableIsRelative_optionWins() {
    Path opt = home.resolve("opt");

    Cli.Result r = cli.env("SECTOOLS_CACHE_DIR", "rel").run("cache", "stats", "--json", "--cache-dir", opt.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains(opt.toString());
  }

  @Test
  void cacheDir_relativeVariable_exits2NamingIt() {
    Cli.Result r = cli.env("SECTOOLS_CACHE_DIR", "rel").run("cache", "stats");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("SECTOOLS_CACHE_DIR").contains("absolute");
  }

  @Test
  void cacheDir_relativeInConfigFile_exits2NamingTheKey() throws Exception {
    Path config = home.resolve("config");
    Files.writeString(config, "cache-dir=relative/cache\n");

    Cli.Result r = Cli.in(home).env("SECTOOLS_CONFIG", config.toString()).run("cache", "stats");

    assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(r.err()).contains("cache-dir=").contains("'relative/cache'").contains("absolute");
  }

  @Test
  void cacheDir_default_isXdgCacheHomeSectools() {
    Cli other = Cli.in(home).env("XDG_CACHE_HOME", home.resolve("xdg").toString());

    assertThat(other.run("cache", "stats", "--json").out()).contains(home.resolve("xdg/sectools").toString());
  }

  @Test
  void get_keyWithNewlineAndEscapeCode_errorStaysOneEscapedLine() {
    String forged = "a\nsectools: fake\u001b[31m\u202e";

    Cli.Result r = cli.run("cache", "get", "bucket", forged, "--sha256", sha);

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("'a\\nsectools: fake\\x1b[31m\\u202e'").doesNotContain("\u001b");
  }

  @Test
  void verifyOne_namespaceWithNewline_errorStaysOneEscapedLine() {
    Cli.Result r = cli.run("cache", "verify", "ns\r\nsectools: fake", "k");

    assertThat(r.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("'ns\\r\\nsectools: fake' 'k'");
  }

  private static void flipFirstByte(Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    b[0] ^= 1;
    Files.write(file, b);
  }
}
