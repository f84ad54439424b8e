package dev.standby.workflows.failover;

import dev.standby.model.FailoverRequest;
import dev.standby.model.FailoverResult;
import dev.standby.model.Progress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Moves a service from its primary site to a standby: checks the target, fences and drains the old
 * primary (planned) or records what was lost (unplanned), promotes the replica, moves traffic and
 * verifies with real requests. Workflow id: {@code failover/<service>}.
 */
@WorkflowInterface
public interface FailoverWorkflow {

  @WorkflowMethod(name = "Failover")
  FailoverResult failover(FailoverRequest request);

  @QueryMethod
  Progress progress();
}
