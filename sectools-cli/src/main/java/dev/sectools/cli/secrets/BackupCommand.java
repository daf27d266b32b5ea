package dev.sectools.cli.secrets;

import dev.sectools.cli.CliEnvironment;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.ProgressBar;
import dev.sectools.fs.WriteMode;
import dev.sectools.secrets.BackupOptions;
import dev.sectools.secrets.BackupSummary;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.keys.PassphraseKeyProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets backup}: writes an encrypted backup of the whole store. */
@Command(name = "backup",
    header = "Write an encrypted backup of the whole store to a file or standard output.",
    description = {"The backup holds every secret, version (deleted and destroyed ones too),",
        "metadata entry and data key, still encrypted, in one authenticated stream; restore it with",
        "'sectools secrets restore'. It opens with the store's passphrase as it is now, or with a",
        "separate backup passphrase (--backup-passphrase-file, or --backup-passphrase to be asked).",
        "--out FILE creates FILE 0600, atomically: on any failure no file is left (an existing FILE",
        "is refused with exit code 4 unless --force). '--out -' writes to standard output, never",
        "to a terminal. A summary goes to standard error (--json: to standard output, with --out FILE).",
        "Whoever has the backup and its passphrase has every secret in it: keep it private."})
public final class BackupCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Mixin
  private BackupKeyOptions backupKey;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = DataFiles.STDIO,
      description = "Where to write the backup; '-' (the default) for standard output.")
  private String out;

  @Option(names = "--force", description = "Replace FILE if it exists (atomically).")
  private boolean force;

  @Option(names = "--kdf", paramLabel = "COST", defaultValue = "default",
      description = "Key derivation cost of a separate backup passphrase: default or minimum.")
  private InitCommand.Kdf kdf;

  @Option(names = "--json", description = "Print the summary as JSON on standard output (needs --out FILE).")
  private boolean json;

  /** For picocli. */
  public BackupCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  /** A backup passphrase asked at the terminal is asked by the client itself, without the agent. */
  @Override
  public boolean agentCanServe(CliEnvironment env) {
    return !backupKey.ask;
  }

  @Override
  public Integer call() throws Exception {
    boolean toStdout = DataFiles.STDIO.equals(out);
    if (toStdout && json) {
      throw usage("--json prints on standard output, where the backup goes; use --out FILE");
    }
    if (toStdout && env().terminal().stdoutIsTerminal()) {
      throw usage("refusing to write a binary backup to the terminal; use --out FILE or redirect standard output");
    }
    BackupSummary summary;
    try (SecretStore s = Stores.open(store, env())) {
      summary = backup(s, toStdout);
    }
    report(summary);
    return 0;
  }

  private BackupSummary backup(SecretStore s, boolean toStdout) throws IOException, GeneralSecurityException {
    Optional<char[]> pass = backupKey.read(env(), true);
    ProgressBar bar = new ProgressBar(this::draw, showProgress(), "backing up", "versions");
    try (PassphraseKeyProvider key = pass.map(p -> PassphraseKeyProvider.of(p, kdf.settings)).orElse(null)) {
      BackupOptions.Builder options = BackupOptions.builder().progress(bar);
      if (key != null) {
        options.backupKey(key);
      }
      BackupOptions built = options.build();
      if (toStdout) {
        OutputStream o = env().out();
        BackupSummary summary = s.backup(o, built);
        o.flush();
        return summary;
      }
      return DataFiles.writePrivate(out, env(), force ? WriteMode.REPLACE : WriteMode.CREATE_NEW, o -> s.backup(o, built));
    } finally {
      bar.finish();
      pass.ifPresent(p -> Arrays.fill(p, '\0'));
    }
  }

  private void report(BackupSummary summary) {
    String where = DataFiles.STDIO.equals(out) ? "standard output" : out;
    info("backed up " + summary.secrets() + " secrets (" + summary.versions() + " versions, "
        + summary.bytes() + " bytes) to " + where);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", out);
      m.put("secrets", summary.secrets());
      m.put("versions", summary.versions());
      m.put("bytes", summary.bytes());
      m.put("taken", summary.taken());
      out().println(Json.of(m));
    }
  }
}
