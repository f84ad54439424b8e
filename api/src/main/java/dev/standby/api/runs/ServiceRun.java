package dev.standby.api.runs;

/**
 * Which workflow a request is about: one kind of work on one service, under the id the workflows
 * derive from the service (so Temporal itself keeps it to one at a time).
 */
public record ServiceRun(String kind, String service, String workflowId) {

  /**
   * The run behind a workflow id such as {@code failover/payments}, as Slack buttons carry it; null
   * for an id that is not of that shape.
   */
  public static ServiceRun ofWorkflowId(String workflowId) {
    int slash = workflowId == null ? -1 : workflowId.indexOf('/');
    if (slash <= 0 || slash == workflowId.length() - 1 || workflowId.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    return new ServiceRun(
        workflowId.substring(0, slash), workflowId.substring(slash + 1), workflowId);
  }

  /** For messages: "a failover of payments". */
  public String describe() {
    return kind + " of " + service;
  }
}
