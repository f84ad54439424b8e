package dev.standby.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * {@code standby_object_sync_rpo_seconds{sync="name"}}: for each object sync, seconds since the
 * instant from which source changes may not be replicated yet (the last pass's start, or its oldest
 * failed change). Computed at scrape time, so it keeps growing while no pass finishes.
 */
final class ObjectRpoGauge {
  static final String NAME = "standby_object_sync_rpo_seconds";
  private final MeterRegistry registry;
  private final LongSupplier clock;
  private final Map<String, Long> anchors = new ConcurrentHashMap<>();

  ObjectRpoGauge(MeterRegistry registry) {
    this(registry, System::currentTimeMillis);
  }

  ObjectRpoGauge(MeterRegistry registry, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void report(String sync, Long anchorMillis) {
    if (anchors.put(sync, anchorMillis) == null) {
      Gauge.builder(NAME, anchors, a -> Math.max(0, clock.getAsLong() - a.get(sync)) / 1000.0)
          .description("Age upper bound of the oldest source object change not yet replicated")
          .tag("sync", sync)
          .register(registry);
    }
  }
}
