package dev.standby.worker;

import dev.standby.metrics.ReplicationMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replication gauges the worker serves on {@code /metrics}: {@code standby_replica_lag_seconds}
 * (NaN while a replica cannot be measured) and {@code standby_rpo_objective_seconds}. Each holds
 * the last value an activity measured.
 */
final class ReplicationGauges implements ReplicationMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

  ReplicationGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void replicaLag(
      String service, String site, String provider, Long lagMillis, long rpoMillis) {
    gauge(
            "standby.replica.lag.seconds",
            "Replication lag of a replica, last measured",
            "service",
            service,
            "site",
            site,
            "provider",
            provider)
        .set(lagMillis == null ? Double.NaN : lagMillis / 1000.0);
    gauge("standby.rpo.objective.seconds", "The service's RPO objective", "service", service)
        .set(rpoMillis / 1000.0);
  }

  private AtomicReference<Double> gauge(String name, String help, String... tags) {
    return values.computeIfAbsent(
        name + String.join("|", tags),
        k -> {
          AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
          Gauge.builder(name, value, AtomicReference::get)
              .description(help)
              .tags(tags)
              .register(registry);
          return value;
        });
  }
}
