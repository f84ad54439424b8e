package dev.standby.model.service;

/**
 * The operation a service has admitted and not yet seen end.
 *
 * @param workflowId the run's workflow id, e.g. {@code failover/payments}
 * @param planned whether the run moves the service on purpose (the monitor pauses for it)
 * @param onBehalfOf the operation this one runs inside (a drill's failover), or null
 */
public record Operation(
    OperationKind kind,
    String workflowId,
    String runId,
    boolean planned,
    String requestedBy,
    long startedAtMillis,
    String onBehalfOf) {

  public String describe() {
    return kind.label()
        + " "
        + workflowId
        + (requestedBy == null ? "" : " requested by " + requestedBy)
        + (planned ? " (planned)" : " (unplanned)");
  }
}
