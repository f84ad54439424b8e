package dev.standby.model.region;

/**
 * One service of a region plan.
 *
 * @param group 1-based; 0 for a service the plan skipped
 * @param servedAtMillis when its target served the first real request
 * @param rtoMillis from the incident (or the plan's start) to that first request
 * @param rpoMillis the window of writes it lost; 0 when a planned move proved none lost
 */
public record RegionServiceOutcome(
    String service,
    int group,
    RegionServiceStatus status,
    String targetSite,
    String workflowId,
    Long servedAtMillis,
    Long rtoMillis,
    Long rpoMillis,
    String detail) {

  public static RegionServiceOutcome pending(String service, int group) {
    return new RegionServiceOutcome(
        service, group, RegionServiceStatus.PENDING, null, null, null, null, null, null);
  }

  public static RegionServiceOutcome skipped(String service, String why) {
    return new RegionServiceOutcome(
        service, 0, RegionServiceStatus.SKIPPED, null, null, null, null, null, why);
  }

  public RegionServiceOutcome with(RegionServiceStatus next, String why) {
    return new RegionServiceOutcome(
        service, group, next, targetSite, workflowId, servedAtMillis, rtoMillis, rpoMillis, why);
  }

  public RegionServiceOutcome running(String runWorkflowId) {
    return new RegionServiceOutcome(
        service,
        group,
        RegionServiceStatus.RUNNING,
        targetSite,
        runWorkflowId,
        null,
        null,
        null,
        null);
  }

  public RegionServiceOutcome served(String target, long servedAt, long rto, Long rpo, String why) {
    return new RegionServiceOutcome(
        service, group, RegionServiceStatus.SUCCEEDED, target, workflowId, servedAt, rto, rpo, why);
  }
}
