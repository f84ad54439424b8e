package dev.standby.model.service;

/**
 * A run asks its service to be admitted before it touches anything.
 *
 * @param planned moves the service on purpose: the health monitor pauses while it runs
 * @param scheduled started by a Temporal Schedule: a refusal ends it SKIPPED, not FAILED
 * @param onBehalfOf the workflow id of the admitted operation this run is part of (a drill's
 *     failover), or null
 */
public record AdmissionRequest(
    String service,
    OperationKind kind,
    String workflowId,
    String runId,
    boolean planned,
    boolean scheduled,
    String requestedBy,
    String onBehalfOf) {

  public Operation toOperation(long nowMillis) {
    return new Operation(kind, workflowId, runId, planned, requestedBy, nowMillis, onBehalfOf);
  }
}
