package dev.sectools.internal.secrets;

import dev.sectools.secrets.StoreConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link StoreMetrics} in a Micrometer registry. Meter names (all tagged {@code store}, the store
 * directory's name):
 *
 * <ul>
 *   <li>{@code sectools.secrets.operations} (timer; tags {@code operation}, {@code outcome}
 *       {@code success|error})
 *   <li>{@code sectools.secrets.errors} (counter; tags {@code operation}, {@code kind})
 *   <li>{@code sectools.secrets.secrets}, {@code sectools.secrets.versions} (gauges)
 *   <li>{@code sectools.secrets.key.rotations} (counter; tag {@code trigger} {@code manual|interval})
 *   <li>{@code sectools.secrets.reencrypted.versions} (counter)
 * </ul>
 *
 * No tag carries a secret's path or value.
 */
final class MicrometerStoreMetrics implements StoreMetrics {
  private static final System.Logger LOG = System.getLogger("dev.sectools.secrets");

  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<Operation, Timer> successes = new EnumMap<>(Operation.class);
  private final Map<Operation, Timer> failures = new EnumMap<>(Operation.class);
  private final List<Meter> gauges = new ArrayList<>();

  private MicrometerStoreMetrics(MeterRegistry registry, String store) {
    this.registry = registry;
    this.tags = Tags.of("store", store);
    for (Operation op : Operation.values()) {
      successes.put(op, timer(op, "success"));
      failures.put(op, timer(op, "error"));
    }
  }

  static StoreMetrics of(StoreConfig config) {
    Path name = config.directory().getFileName();
    return new MicrometerStoreMetrics(config.meterRegistry().orElseThrow(), name == null ? "/" : name.toString());
  }

  private Timer timer(Operation op, String outcome) {
    return Timer.builder("sectools.secrets.operations")
        .description("Secret store operations, by operation and outcome")
        .tags(tags).tag("operation", op.tag()).tag("outcome", outcome)
        .register(registry);
  }

  @Override
  public <T> T time(Operation operation, Call<T> call) throws IOException, GeneralSecurityException {
    long start = System.nanoTime();
    try {
      T result = call.run();
      successes.get(operation).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return result;
    } catch (IOException | GeneralSecurityException | RuntimeException | Error e) {
      failures.get(operation).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      Counter.builder("sectools.secrets.errors")
          .description("Failed secret store operations, by operation and kind of error")
          .tags(tags).tag("operation", operation.tag()).tag("kind", StoreMetrics.errorKind(e))
          .register(registry).increment();
      throw e;
    }
  }

  @Override
  public void watch(StoreEngine engine) {
    gauges.add(Gauge.builder("sectools.secrets.secrets", engine, e -> count(e, true))
        .description("Secrets in the store").tags(tags).register(registry));
    gauges.add(Gauge.builder("sectools.secrets.versions", engine, e -> count(e, false))
        .description("Versions kept in the store, in every state").tags(tags).register(registry));
  }

  private static double count(StoreEngine engine, boolean secrets) {
    try {
      long[] counts = engine.counts();
      return secrets ? counts[0] : counts[1];
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "store gauge not available: {0}", e.getClass().getSimpleName());
      return Double.NaN;
    }
  }

  @Override
  public void keyRotated(boolean automatic) {
    Counter.builder("sectools.secrets.key.rotations")
        .description("Data-key rotations")
        .tags(tags).tag("trigger", automatic ? "interval" : "manual")
        .register(registry).increment();
  }

  @Override
  public void reencrypted(long versions) {
    Counter.builder("sectools.secrets.reencrypted.versions")
        .description("Versions re-encrypted under the primary data key")
        .tags(tags).register(registry).increment(versions);
  }

  @Override
  public void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }
}
