package dev.sectools.cli.secrets;

import dev.sectools.cli.CliException;
import dev.sectools.cli.ExitCode;
import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.Table;
import dev.sectools.memory.SecureBuffer;
import dev.sectools.secrets.DataKeyInfo;
import dev.sectools.secrets.KeyState;
import dev.sectools.secrets.SecretStatus;
import dev.sectools.secrets.SecretStore;
import dev.sectools.secrets.StoreStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sectools secrets status}: store health at a glance. */
@Command(name = "status",
    header = "Show the store's health: counts, data keys, expired and due secrets, security warnings.",
    description = {"Warnings name weaker set-ups: a passphrase in an environment variable or in a file",
        "others can read, secure memory that could not be locked, an old primary data key.",
        "--check exits with code 8 when any secret is past its rotation deadline."})
public final class StatusCommand extends SectoolsCommand implements AgentServed {
  /** A primary data key older than this earns a warning. */
  static final Duration OLD_KEY = Duration.ofDays(365);

  @Mixin
  private StoreOptions store;

  @Option(names = "--json", description = "Print the status as JSON.")
  private boolean json;

  @Option(names = "--check", description = "Exit with code 8 if any secret has expired (for monitoring).")
  private boolean check;

  /** For picocli. */
  public StatusCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    StoreStatus status;
    List<DataKeyInfo> keys;
    try (SecretStore s = Stores.open(store, env())) {
      status = s.status();
      keys = s.keys();
    }
    List<String> warnings = warnings(keys);
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("store", Stores.directory(store, env()).toString());
      m.put("secrets", status.secrets());
      m.put("versions", status.versions());
      m.put("keys", keys.stream().map(KeysCommand::json).toList());
      m.put("expired", status.expired().stream().map(StatusCommand::json).toList());
      m.put("due_soon", status.dueSoon().stream().map(StatusCommand::json).toList());
      m.put("warnings", warnings);
      out().println(Json.of(m));
    } else {
      print(status, keys, warnings);
    }
    if (check && !status.expired().isEmpty()) {
      throw new CliException(ExitCode.EXPIRED, status.expired().size()
          + " secret(s) past their rotation deadline; write new values with 'sectools secrets set'");
    }
    return 0;
  }

  private void print(StoreStatus status, List<DataKeyInfo> keys, List<String> warnings) {
    out().println("store     " + Stores.directory(store, env()));
    out().println("secrets   " + status.secrets() + " (" + status.versions() + " versions)");
    out().println();
    Table k = new Table("KEY", "STATE", "CREATED", "AGE", "VERSIONS");
    keys.forEach(key -> k.row(key.id(), key.state().name().toLowerCase(Locale.ROOT),
        key.created().truncatedTo(ChronoUnit.SECONDS), age(key.created()), key.versions()));
    k.print(out());
    if (!status.expired().isEmpty() || !status.dueSoon().isEmpty()) {
      out().println();
      Table t = new Table("SECRET", "STATE", "ROTATE BY");
      status.expired().forEach(s -> t.row(s.path(), "expired", s.rotateBy().truncatedTo(ChronoUnit.SECONDS)));
      status.dueSoon().forEach(s -> t.row(s.path(), "due soon", s.rotateBy().truncatedTo(ChronoUnit.SECONDS)));
      t.print(out());
    }
    if (!warnings.isEmpty()) {
      out().println();
      warnings.forEach(w -> out().println("warning: " + w));
    }
  }

  private List<String> warnings(List<DataKeyInfo> keys) throws IOException {
    List<String> w = new ArrayList<>();
    if (store.passphraseFile == null && env().variable(Passphrases.VARIABLE).isPresent()) {
      w.add("the passphrase comes from SECTOOLS_PASSPHRASE: environments leak (child processes,"
          + " /proc); prefer SECTOOLS_PASSPHRASE_FILE");
    }
    if (store.passphraseFile != null && readableByOthers()) {
      w.add("the passphrase file can be read by group or others: chmod 600 it");
    }
    try (SecureBuffer probe = SecureBuffer.allocate(1)) {
      if (!probe.isLocked()) {
        w.add("secure memory could not be locked (RLIMIT_MEMLOCK?): values may reach swap");
      }
    }
    keys.stream().filter(k -> k.state() == KeyState.PRIMARY)
        .filter(k -> k.created().plus(OLD_KEY).isBefore(Instant.now()))
        .forEach(k -> w.add("the primary data key is " + age(k.created())
            + " old: run 'sectools secrets rotate --reencrypt'"));
    return w;
  }

  private boolean readableByOthers() throws IOException {
    try {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(store.passphraseFile, LinkOption.NOFOLLOW_LINKS);
      return p.stream().anyMatch(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ)::contains);
    } catch (UnsupportedOperationException e) {
      return false;
    }
  }

  private static String age(Instant created) {
    long days = Duration.between(created, Instant.now()).toDays();
    return days + "d";
  }

  private static Map<String, Object> json(SecretStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", s.path());
    m.put("state", s.state());
    m.put("current_since", s.currentSince());
    m.put("rotate_by", s.rotateBy());
    return m;
  }
}
