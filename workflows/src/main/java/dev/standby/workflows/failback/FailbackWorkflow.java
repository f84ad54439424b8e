package dev.standby.workflows.failback;

import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.failback.FailbackProgress;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Brings a service home after a failover: checks the original site, resyncs its database as a
 * replica of the current primary, shifts traffic back in steps (10/25/50/75/100 by default) with a
 * health-gated bake after each, and only then switches the database back with a planned switchover.
 * A failed gate steps the weights back down, one bake per step. Workflow id: {@code
 * failback/<service>}.
 */
@WorkflowInterface
public interface FailbackWorkflow {

  @WorkflowMethod(name = "Failback")
  FailbackResult failback(FailbackRequest request);

  /**
   * Holds the shift at its current step: the bake does not end (the gate keeps sampling) until
   * {@link #resume}.
   */
  @SignalMethod
  void pause();

  /** Ends a pause, or a hold after a failed gate (the failed step is then tried again). */
  @SignalMethod
  void resume();

  /**
   * Lets the step that waits for approval ({@code shift-25%}) set its weights; the approval names
   * the step and who approved. Ignored when that step does not wait.
   */
  @SignalMethod
  void approve(Approval approval);

  /**
   * Rejects the step that waits for approval: the failback ends as ABORTED, its weights stepped
   * back down.
   */
  @SignalMethod
  void reject(Approval approval);

  /** The step waiting for approval, if any, its contact level, and the decisions so far. */
  @QueryMethod
  ApprovalStatus approvals();

  /**
   * Returns to the state before the failback, in order: the weights step back down, one bake per
   * step, to where they were. Ignored once the database has switched (the commit point).
   */
  @SignalMethod
  void abort();

  @QueryMethod
  FailbackProgress progress();
}
