package dev.standby.model.runbook;

import dev.standby.model.StepRecord;
import dev.standby.model.approval.ApprovalDecision;
import java.util.List;

/**
 * How a runbook run ended: the whole timeline, who decided and acknowledged what, and which steps
 * overran.
 *
 * @param outcome COMPLETED; ROLLED_BACK (a step failed and the rollback ran through);
 *     ROLLBACK_FAILED
 * @param failedStep the procedure step that failed, or null
 */
public record RunbookResult(
    String runbook,
    String service,
    String outcome,
    String failedStep,
    String failure,
    List<StepRecord> steps,
    List<ApprovalDecision> approvals,
    List<Acknowledgement> acknowledgements,
    List<StepEscalation> escalations,
    long startedAtMillis,
    long completedAtMillis) {

  public static final String COMPLETED = "COMPLETED";
  public static final String ROLLED_BACK = "ROLLED_BACK";
  public static final String ROLLBACK_FAILED = "ROLLBACK_FAILED";
}
