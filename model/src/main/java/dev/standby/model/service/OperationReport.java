package dev.standby.model.service;

/**
 * What a run tells its service when it ends, whatever the end.
 *
 * @param primarySite the primary after the run (a failover's target), or null when unchanged
 * @param fromSite where the run moved the service from, or null
 * @param toSite where it moved it to, or null
 * @param oldPrimaryProtected a planned move left the old primary streaming from the new one
 * @param rtoMillis the run's measured RTO, when it measures one
 * @param lostWrites acknowledged writes lost (an unplanned failover's evidence), when counted
 * @param rpoMillis the window of lost writes, when known
 */
public record OperationReport(
    String service,
    OperationKind kind,
    String workflowId,
    String runId,
    OperationOutcome outcome,
    String primarySite,
    String fromSite,
    String toSite,
    boolean oldPrimaryProtected,
    Long rtoMillis,
    Long lostWrites,
    Long rpoMillis,
    String detail) {

  public static OperationReport ended(
      AdmissionRequest admitted, OperationOutcome outcome, String detail) {
    return new OperationReport(
        admitted.service(),
        admitted.kind(),
        admitted.workflowId(),
        admitted.runId(),
        outcome,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        detail);
  }

  public OperationReport moved(String from, String to, boolean oldPrimaryProtected) {
    return new OperationReport(
        service,
        kind,
        workflowId,
        runId,
        outcome,
        to,
        from,
        to,
        oldPrimaryProtected,
        rtoMillis,
        lostWrites,
        rpoMillis,
        detail);
  }

  public OperationReport measured(Long rto, Long lost, Long rpo) {
    return new OperationReport(
        service,
        kind,
        workflowId,
        runId,
        outcome,
        primarySite,
        fromSite,
        toSite,
        oldPrimaryProtected,
        rto,
        lost,
        rpo,
        detail);
  }
}
