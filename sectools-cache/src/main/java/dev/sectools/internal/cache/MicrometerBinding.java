package dev.sectools.internal.cache;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers a cache's meters: {@code sectools.cache.gets} (tagged {@code result} = hit, miss,
 * corruption), {@code sectools.cache.evictions}, {@code sectools.cache.size} (bytes) and
 * {@code sectools.cache.entries}, all tagged {@code cache} = the cache's name. The only class
 * that touches Micrometer, so the dependency stays optional.
 */
public final class MicrometerBinding implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

  private MicrometerBinding(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the meters; {@link #close()} removes them. */
  public static MicrometerBinding bind(MeterRegistry registry, String name, CacheCounters counters, Store store) {
    MicrometerBinding b = new MicrometerBinding(registry);
    Tags tags = Tags.of("cache", name);
    b.meters.add(FunctionCounter.builder("sectools.cache.gets", counters, CacheCounters::hits)
        .tags(tags).tag("result", "hit").description("gets that returned verified content").register(registry));
    b.meters.add(FunctionCounter.builder("sectools.cache.gets", counters, CacheCounters::misses)
        .tags(tags).tag("result", "miss").description("gets that found nothing usable").register(registry));
    b.meters.add(FunctionCounter.builder("sectools.cache.gets", counters, CacheCounters::corruptions)
        .tags(tags).tag("result", "corruption").description("entries that failed verification").register(registry));
    b.meters.add(FunctionCounter.builder("sectools.cache.evictions", store, s -> s.usage().evictions())
        .tags(tags).description("entries evicted by the size limit").register(registry));
    b.meters.add(Gauge.builder("sectools.cache.size", store, s -> s.usage().bytes())
        .tags(tags).baseUnit("bytes").description("bytes of content held").register(registry));
    b.meters.add(Gauge.builder("sectools.cache.entries", store, s -> s.usage().entries())
        .tags(tags).description("keys held").register(registry));
    return b;
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
