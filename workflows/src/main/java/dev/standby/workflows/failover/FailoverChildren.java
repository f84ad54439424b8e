package dev.standby.workflows.failover;

import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * Starts a service's failover ({@code failover/<service>}) as a child that outlives its parent: a
 * monitor, a trigger or a region plan that ends (or is canceled) must never cut a failover in half.
 */
public final class FailoverChildren {
  private FailoverChildren() {}

  /** The child's stub and the promise of its result; a refused start fails the promise. */
  public record Started(FailoverWorkflow stub, Promise<FailoverResult> result) {}

  public static Started start(FailoverRequest request) {
    FailoverWorkflow failover =
        Workflow.newChildWorkflowStub(
            FailoverWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.failover(request.service()))
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setTypedSearchAttributes(
                    StandbySearchAttributes.of(request.service(), "failover", request.targetSite()))
                .build());
    return new Started(failover, Async.function(failover::failover, request));
  }
}
