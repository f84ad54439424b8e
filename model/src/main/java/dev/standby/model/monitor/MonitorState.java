package dev.standby.model.monitor;

import dev.standby.model.health.HealthReport;

/**
 * What the health monitor knows so far; the {@code state} query answers it.
 *
 * @param consecutiveFailures failed probes in a row, reset by a healthy one
 * @param firstFailureAtMillis when the current run of failures began: the incident's start
 */
public record MonitorState(
    String service,
    String site,
    long probes,
    int consecutiveFailures,
    Long firstFailureAtMillis,
    HealthReport lastReport,
    String failoverWorkflowId) {

  public static MonitorState start(String service, String site) {
    return new MonitorState(service, site, 0, 0, null, null, null);
  }

  public MonitorState record(HealthReport report, long now) {
    if (report.healthy()) {
      return new MonitorState(service, site, probes + 1, 0, null, report, failoverWorkflowId);
    }
    Long first = consecutiveFailures == 0 ? Long.valueOf(now) : firstFailureAtMillis;
    return new MonitorState(
        service, site, probes + 1, consecutiveFailures + 1, first, report, failoverWorkflowId);
  }

  public MonitorState triggered(String workflowId) {
    return new MonitorState(
        service, site, probes, consecutiveFailures, firstFailureAtMillis, lastReport, workflowId);
  }
}
