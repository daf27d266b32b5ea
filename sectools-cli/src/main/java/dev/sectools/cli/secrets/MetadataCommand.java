package dev.sectools.cli.secrets;

import dev.sectools.cli.SectoolsCommand;
import dev.sectools.cli.internal.DurationConverter;
import dev.sectools.cli.internal.Json;
import dev.sectools.cli.internal.Table;
import dev.sectools.secrets.CheckAndSet;
import dev.sectools.secrets.ExpiredRead;
import dev.sectools.secrets.MetadataUpdate;
import dev.sectools.secrets.RotationPolicy;
import dev.sectools.secrets.SecretMetadata;
import dev.sectools.secrets.SecretStore;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sectools secrets metadata PATH [changes]}: shows or changes a secret's metadata. */
@Command(name = "metadata",
    header = "Show or change a secret's metadata: versions kept, check-and-set, rotation, custom fields.",
    description = {"Without change options, prints the metadata. Durations: 500ms, 30s, 15m, 12h,",
        "90d or ISO-8601 (P90D). Custom fields are stored encrypted; --custom adds or replaces one."})
public final class MetadataCommand extends SectoolsCommand implements AgentServed {
  @Mixin
  private StoreOptions store;

  @Parameters(index = "0", paramLabel = "PATH", description = "The secret's path.")
  private String path;

  @Option(names = "--max-versions", paramLabel = "N", description = "Keep at most N versions (1 to 1000).")
  private Integer maxVersions;

  @Option(names = "--check-and-set", paramLabel = "RULE",
      description = "required (only 'set --cas' writes) or optional.")
  private CheckAndSet checkAndSet;

  @Option(names = "--delete-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Versions count as deleted this long after they were written (0s: never).")
  private Duration deleteAfter;

  @Option(names = "--rotate-every", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Rotation deadline: the current version may live this long.")
  private Duration rotateEvery;

  @Option(names = "--warn-before", paramLabel = "DURATION", converter = DurationConverter.class, split = ",",
      description = "Warning windows before the deadline (default 14d,7d,1d where shorter than --rotate-every).")
  private List<Duration> warnBefore;

  @Option(names = "--on-expired", paramLabel = "ACTION",
      description = "What reading an expired secret does: warn or refuse (exit code 8).")
  private ExpiredRead onExpired;

  @Option(names = "--no-rotation", description = "Remove the rotation policy.")
  private boolean noRotation;

  @Option(names = "--custom", paramLabel = "KEY=VALUE", description = "Add or replace a custom field.")
  private Map<String, String> custom;

  @Option(names = "--remove-custom", paramLabel = "KEY", description = "Remove a custom field.")
  private List<String> removeCustom;

  @Option(names = "--json", description = "Print the metadata as JSON.")
  private boolean json;

  /** For picocli. */
  public MetadataCommand() {}

  @Override
  public StoreOptions storeOptions() {
    return store;
  }

  @Override
  public Integer call() throws Exception {
    if (noRotation && (rotateEvery != null || onExpired != null || warnBefore != null)) {
      throw usage("--no-rotation cannot be combined with other rotation options");
    }
    try (SecretStore s = Stores.open(store, env())) {
      SecretMetadata current = s.metadata(path);
      Optional<MetadataUpdate> update = update(current);
      if (update.isPresent()) {
        s.updateMetadata(path, update.get());
        info("updated the metadata");
        current = s.metadata(path);
      }
      if (update.isEmpty() || json) {
        print(current);
      }
    }
    return 0;
  }

  private Optional<MetadataUpdate> update(SecretMetadata current) {
    MetadataUpdate.Builder b = MetadataUpdate.builder();
    boolean changed = false;
    if (maxVersions != null) {
      b.maxVersions(maxVersions);
      changed = true;
    }
    if (checkAndSet != null) {
      b.checkAndSet(checkAndSet);
      changed = true;
    }
    if (deleteAfter != null) {
      b.deleteVersionAfter(deleteAfter);
      changed = true;
    }
    if (noRotation) {
      b.noRotation();
      changed = true;
    } else if (rotateEvery != null || onExpired != null || warnBefore != null) {
      b.rotation(rotation(current.rotation()));
      changed = true;
    }
    if (custom != null || removeCustom != null) {
      Map<String, String> merged = new TreeMap<>(current.custom());
      if (custom != null) {
        merged.putAll(custom);
      }
      if (removeCustom != null) {
        removeCustom.forEach(merged::remove);
      }
      b.custom(merged);
      changed = true;
    }
    return changed ? Optional.of(b.build()) : Optional.empty();
  }

  private RotationPolicy rotation(Optional<RotationPolicy> existing) {
    if (rotateEvery == null && existing.isEmpty()) {
      throw usage("this secret has no rotation policy yet; give --rotate-every");
    }
    RotationPolicy base = existing.orElseGet(RotationPolicy::credentials);
    Duration maxAge = rotateEvery != null ? rotateEvery : base.maxAge();
    List<Duration> warnings = warnBefore != null ? warnBefore
        : base.warnings().stream().filter(w -> w.compareTo(maxAge) < 0).toList();
    ExpiredRead action = onExpired != null ? onExpired : existing.map(RotationPolicy::onExpiredRead)
        .orElse(ExpiredRead.WARN);
    return new RotationPolicy(maxAge, warnings, action);
  }

  private void print(SecretMetadata m) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("path", path);
    fields.put("current_version", m.currentVersion());
    fields.put("max_versions", m.maxVersions());
    fields.put("check_and_set", m.checkAndSet());
    fields.put("delete_version_after", m.deleteVersionAfter());
    fields.put("rotate_every", m.rotation().map(r -> (Object) r.maxAge()).orElse(null));
    fields.put("warn_before", m.rotation().map(r -> (Object) r.warnings()).orElse(null));
    fields.put("on_expired", m.rotation().map(r -> (Object) r.onExpiredRead()).orElse(null));
    fields.put("created", m.created().truncatedTo(ChronoUnit.SECONDS));
    fields.put("updated", m.updated().truncatedTo(ChronoUnit.SECONDS));
    fields.put("custom", new TreeMap<>(m.custom()));
    if (json) {
      out().println(Json.of(fields));
      return;
    }
    Table t = new Table("FIELD", "VALUE");
    fields.forEach((k, v) -> t.row(k, text(v)));
    t.print(out());
  }

  private static String text(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    return String.valueOf(v);
  }
}
