package dev.standby.workflows;

/**
 * Workflow ids derive from the service so that one service is touched by one workflow of a kind at
 * a time: a second start with the same id is refused by Temporal while the first runs.
 */
public final class WorkflowIds {
  public static final String TASK_QUEUE = "standby";

  private WorkflowIds() {}

  /** The service's own long-running workflow, which holds its state. */
  public static String service(String service) {
    return dev.standby.model.service.ServiceWorkflowNames.workflowId(service);
  }

  public static String failover(String service) {
    return "failover/" + service;
  }

  public static String failback(String service) {
    return "failback/" + service;
  }

  public static String replicationMonitor(String service) {
    return "replication-monitor/" + service;
  }

  public static String monitor(String service) {
    return "monitor/" + service;
  }

  public static String drill(String service) {
    return "drill/" + service;
  }

  /**
   * The Temporal Schedule that starts a service's drills (schedule ids are path segments in the
   * API: no slash).
   */
  public static String drillSchedule(String service) {
    return "drill-" + service;
  }

  public static String objectSync(String name) {
    return "object-sync/" + name;
  }

  /** One runbook at a time per service, whichever runbook it is. */
  public static String runbook(String service) {
    return "runbook/" + service;
  }

  public static String backup(String service) {
    return "backup/" + service;
  }

  /** The service's readiness evaluation: {@code readiness/<service>}. */
  public static String readiness(String service) {
    return "readiness/" + service;
  }

  public static String restoreVerify(String service) {
    return "restore-verify/" + service;
  }
}
