package dev.standby.metrics;

/**
 * Where activities report replication health for the worker to export (Prometheus gauges on {@code
 * /metrics}):
 *
 * <ul>
 *   <li>{@code standby_replica_lag_seconds{service,site,provider}}: the last measured lag, NaN when
 *       unknown;
 *   <li>{@code standby_rpo_objective_seconds{service}}: the service's RPO, to alert on the ratio.
 * </ul>
 *
 * Object replication has its own gauge, {@code standby_object_sync_rpo_seconds{sync}} (the worker's
 * ObjectRpoGauge).
 */
public interface ReplicationMetrics {
  ReplicationMetrics NONE =
      new ReplicationMetrics() {
        @Override
        public void replicaLag(
            String service, String site, String provider, Long lagMillis, long rpoMillis) {}
      };

  /**
   * @param lagMillis null when the lag could not be measured
   */
  void replicaLag(String service, String site, String provider, Long lagMillis, long rpoMillis);
}
