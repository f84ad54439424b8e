package dev.standby.adapters.metrics;

/**
 * Where activities report replication health for the worker to export (Prometheus gauges on {@code /metrics}):
 * <ul>
 *   <li>{@code standby_replica_lag_seconds{service,site,provider}}: the last measured lag, NaN when unknown;
 *   <li>{@code standby_rpo_objective_seconds{service}}: the service's RPO, to alert on the ratio;
 *   <li>{@code standby_object_rpo_seconds{service,source,target}}: for object replication, how old the newest
 *       source change is that the target does not have yet (0 when in sync).
 * </ul>
 */
public interface ReplicationMetrics {
  ReplicationMetrics NONE = new ReplicationMetrics() {
    @Override
    public void replicaLag(String service, String site, String provider, Long lagMillis, long rpoMillis) {}

    @Override
    public void objectRpo(String service, String source, String target, long rpoMillis) {}
  };

  /** @param lagMillis null when the lag could not be measured */
  void replicaLag(String service, String site, String provider, Long lagMillis, long rpoMillis);

  void objectRpo(String service, String source, String target, long rpoMillis);
}
