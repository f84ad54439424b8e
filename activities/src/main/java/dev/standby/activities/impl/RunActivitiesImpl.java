package dev.standby.activities.impl;

import dev.standby.activities.CurrentActivity;
import dev.standby.activities.RunActivities;
import dev.standby.model.Failures;
import dev.standby.model.failover.FailoverResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a run through the worker's own Temporal client, a few seconds at a time between
 * heartbeats.
 */
public class RunActivitiesImpl implements RunActivities {
  /** The failure type when the awaited failover itself failed. */
  public static final String FAILOVER_FAILED = "FAILOVER_FAILED";

  private final WorkflowClient client;

  public RunActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public FailoverResult awaitFailover(String workflowId, String runId) {
    WorkflowStub run =
        client.newUntypedWorkflowStub(
            WorkflowExecution.newBuilder()
                .setWorkflowId(workflowId)
                .setRunId(runId == null ? "" : runId)
                .build(),
            Optional.empty());
    while (true) {
      try {
        return run.getResult(3, TimeUnit.SECONDS, FailoverResult.class);
      } catch (TimeoutException stillRunning) {
        CurrentActivity.heartbeat(workflowId);
      } catch (WorkflowFailedException e) {
        // The failover ended and will not end otherwise on a retry: say how, once.
        throw ApplicationFailure.newNonRetryableFailure(
            "failover " + workflowId + " failed: " + Failures.rootCause(e).getMessage(),
            FAILOVER_FAILED);
      }
    }
  }
}
