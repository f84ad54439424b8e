package dev.standby.model.monitor;

/**
 * Starts {@code replication-monitor/<service>}. Null fields take the defaults: a check every half
 * RPO (1 s to 30 s), an alert after 2 checks in a row over the RPO, a recovery after 2 checks in a
 * row at or below 80% of it.
 *
 * @param carried the state handed to the next run by continue-as-new; null on a fresh start
 */
public record ReplicationMonitorRequest(
    String service,
    Long intervalMillis,
    Integer confirmChecks,
    Integer maxChecksPerRun,
    ReplicationMonitorState carried) {

  public static ReplicationMonitorRequest of(String service) {
    return new ReplicationMonitorRequest(service, null, null, null, null);
  }

  public ReplicationMonitorRequest carrying(ReplicationMonitorState state) {
    return new ReplicationMonitorRequest(
        service, intervalMillis, confirmChecks, maxChecksPerRun, state);
  }
}
