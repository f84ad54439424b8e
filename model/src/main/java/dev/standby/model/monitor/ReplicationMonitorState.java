package dev.standby.model.monitor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the replication monitor knows, carried across continue-as-new: per replica whether it is in
 * breach of the RPO and how many checks in a row point the other way, plus counts for the operator.
 *
 * @param primarySite the service's primary the replicas are measured against, as the service's
 *     state last said (null before the first check)
 */
public record ReplicationMonitorState(
    String service,
    long rpoMillis,
    long checks,
    long alertsSent,
    Map<String, Replica> replicas,
    String primarySite) {

  /**
   * @param breached an alert was sent and no recovery since
   * @param streak checks in a row that point away from the current state (over the RPO while fine,
   *     back under the recovery line while breached); reset by any check that agrees with the state
   */
  public record Replica(
      String site,
      boolean breached,
      int streak,
      Long lastLagMillis,
      String lastSource,
      long lastCheckedAtMillis) {}

  public static ReplicationMonitorState start(String service, long rpoMillis) {
    return new ReplicationMonitorState(service, rpoMillis, 0, 0, Map.of(), null);
  }

  public ReplicationMonitorState with(Replica replica, boolean alerted) {
    Map<String, Replica> next = new LinkedHashMap<>(replicas);
    next.put(replica.site(), replica);
    return new ReplicationMonitorState(
        service, rpoMillis, checks, alertsSent + (alerted ? 1 : 0), Map.copyOf(next), primarySite);
  }

  public ReplicationMonitorState checked() {
    return new ReplicationMonitorState(
        service, rpoMillis, checks + 1, alertsSent, replicas, primarySite);
  }

  /**
   * Measures against {@code primary} from now on: a site that became the primary is no replica any
   * more, so its breach (if any) is dropped; the old primary is measured as a replica when it is
   * one.
   */
  public ReplicationMonitorState watching(String primary) {
    Map<String, Replica> next = new LinkedHashMap<>(replicas);
    next.remove(primary);
    return new ReplicationMonitorState(
        service, rpoMillis, checks, alertsSent, Map.copyOf(next), primary);
  }
}
