package dev.standby.workflows.runbook;

import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.runbook.Acknowledgement;
import dev.standby.model.runbook.RunbookProgress;
import dev.standby.model.runbook.RunbookResult;
import dev.standby.model.runbook.RunbookRunRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Executes a runbook: its procedure step by step (groups in parallel), each step a typed action
 * with its estimate as a timer that escalates, the communication plan's messages at the start,
 * after each step and at the end, and the rollback procedure when a step fails. Workflow id: {@code
 * runbook/<service>}. The runbook arrives whole in the request, checked by the API: the workflow
 * never reads files.
 */
@WorkflowInterface
public interface RunbookWorkflow {

  @WorkflowMethod(name = "Runbook")
  RunbookResult run(RunbookRunRequest request);

  /**
   * Every step so far with its state, the manual steps waiting, the approvals, acknowledgements and
   * escalations.
   */
  @QueryMethod
  RunbookProgress progress();

  /**
   * The approval step waiting now, if any, and the decisions so far (as the API's approve endpoints
   * expect).
   */
  @QueryMethod
  ApprovalStatus approvals();

  /**
   * A person has done the manual step named in it; ignored for a step that is not waiting. Repeats
   * change nothing.
   */
  @SignalMethod
  void acknowledge(Acknowledgement acknowledgement);

  @SignalMethod
  void approve(Approval approval);

  /** Rejects the approval step waiting: the step fails and the rollback procedure runs. */
  @SignalMethod
  void reject(Approval approval);
}
