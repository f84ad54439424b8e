package dev.standby.workflows.region;

import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Fails over every service whose primary is at one site, in the site's plan: groups in order, the
 * services of a group in parallel up to a limit, approvals between groups where the plan asks, each
 * service's failover a child ({@code failover/<service>}) admitted by its own service. Workflow id:
 * {@code region/<site>}.
 */
@WorkflowInterface
public interface RegionFailoverWorkflow {

  @WorkflowMethod(name = "RegionFailover")
  RegionFailoverResult failover(RegionFailoverRequest request);

  /** Every service's state, the group running and the approval waiting, if any. */
  @QueryMethod
  RegionProgress progress();

  @QueryMethod
  ApprovalStatus approvals();

  /** Approves the group named in the approval's step ({@code group-2}). */
  @SignalMethod
  void approve(Approval approval);

  /** Rejects the group: it and every later group do not move. */
  @SignalMethod
  void reject(Approval approval);
}
