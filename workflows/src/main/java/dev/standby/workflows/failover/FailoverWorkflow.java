package dev.standby.workflows.failover;

import dev.standby.model.Progress;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Moves a service from its primary site to a standby: checks the target, fences and drains the old
 * primary (planned) or records what was lost (unplanned), promotes the replica, moves traffic and
 * verifies with real requests. Workflow id: {@code failover/<service>}. When the request asks for
 * approval, the run waits for it after its checks, before it changes anything.
 */
@WorkflowInterface
public interface FailoverWorkflow {

  @WorkflowMethod(name = "Failover")
  FailoverResult failover(FailoverRequest request);

  @QueryMethod
  Progress progress();

  /** The step waiting for approval, if any, and the decisions so far. */
  @QueryMethod
  ApprovalStatus approvals();

  /** Approves the step named in the approval, when the run asked for it; repeats change nothing. */
  @SignalMethod
  void approve(Approval approval);

  /** Rejects the step named in the approval: the run ends without changing anything. */
  @SignalMethod
  void reject(Approval approval);
}
