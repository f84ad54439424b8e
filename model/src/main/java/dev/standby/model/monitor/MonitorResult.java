package dev.standby.model.monitor;

/**
 * How a health monitor ended: it saw the watched site fail {@code failureThreshold} times in a row
 * and started the unplanned failover (or found one already running).
 *
 * @param detectedAtMillis when the last failed probe crossed the threshold
 * @param failoverStarted false when a failover of the service was already running
 */
public record MonitorResult(
    String service,
    String site,
    String failoverTarget,
    long probes,
    long firstFailureAtMillis,
    long detectedAtMillis,
    String failoverWorkflowId,
    String failoverRunId,
    boolean failoverStarted,
    String lastProbe) {}
