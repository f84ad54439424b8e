package dev.standby.model.service;

import dev.standby.model.StepRecord;
import java.util.List;

/**
 * What a run tells its service when it ends, whatever the end.
 *
 * @param subtype what kind within the kind: a failover's mode, a drill's type, null otherwise
 * @param primarySite the primary after the run (a failover's target), or null when unchanged
 * @param fromSite where the run moved the service from, or null
 * @param toSite where it moved it to, or null
 * @param oldPrimaryProtected a planned move left the old primary streaming from the new one
 * @param rtoMillis the run's measured RTO, when it measures one
 * @param lostWrites acknowledged writes lost (an unplanned failover's evidence), when counted
 * @param rpoMillis the window of lost writes, when known
 * @param steps the run's timeline, for the step-duration metrics (not kept in the history)
 */
public record OperationReport(
    String service,
    OperationKind kind,
    String subtype,
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
    String detail,
    List<StepRecord> steps) {

  public OperationReport {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  /** The end of an admitted run that moved nothing (yet): add what it did with the withers. */
  public static OperationReport ended(
      AdmissionRequest admitted, OperationOutcome outcome, String detail) {
    return new OperationReport(
        admitted.service(),
        admitted.kind(),
        null,
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
        detail,
        List.of());
  }

  public OperationReport subtype(String next) {
    return new OperationReport(
        service,
        kind,
        next,
        workflowId,
        runId,
        outcome,
        primarySite,
        fromSite,
        toSite,
        oldPrimaryProtected,
        rtoMillis,
        lostWrites,
        rpoMillis,
        detail,
        steps);
  }

  /** The run left {@code to} as the primary, {@code from} protected (streaming from it) or not. */
  public OperationReport moved(String from, String to, boolean oldPrimaryProtected) {
    return new OperationReport(
        service,
        kind,
        subtype,
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
        detail,
        steps);
  }

  public OperationReport measured(Long rto, Long lost, Long rpo) {
    return new OperationReport(
        service,
        kind,
        subtype,
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
        detail,
        steps);
  }

  public OperationReport withSteps(List<StepRecord> timeline) {
    return new OperationReport(
        service,
        kind,
        subtype,
        workflowId,
        runId,
        outcome,
        primarySite,
        fromSite,
        toSite,
        oldPrimaryProtected,
        rtoMillis,
        lostWrites,
        rpoMillis,
        detail,
        timeline);
  }
}
