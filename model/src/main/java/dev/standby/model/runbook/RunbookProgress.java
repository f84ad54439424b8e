package dev.standby.model.runbook;

import dev.standby.model.StepRecord;
import dev.standby.model.approval.ApprovalStatus;
import java.util.List;

/**
 * What the runbook workflow's {@code progress} query answers.
 *
 * @param state RUNNING, ROLLING_BACK, COMPLETED, ROLLED_BACK or ROLLBACK_FAILED
 * @param steps every step started so far (rollback steps named {@code rollback:<id>}), with start,
 *     end, outcome
 * @param awaitingAcknowledgement the manual steps waiting for an {@code acknowledge} now
 */
public record RunbookProgress(
    String runbook,
    String service,
    String state,
    List<StepRecord> steps,
    List<String> awaitingAcknowledgement,
    ApprovalStatus approvals,
    List<Acknowledgement> acknowledgements,
    List<StepEscalation> escalations) {}
