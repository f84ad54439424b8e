package dev.standby.activities;

import dev.standby.model.failover.FailoverResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Runs: waits for a workflow this one did not start itself (the failover a health monitor started).
 */
@ActivityInterface(namePrefix = "Run")
public interface RunActivities {

  /**
   * Waits, heartbeating, for the failover run to close and returns its result; its failure when it
   * failed.
   */
  @ActivityMethod
  FailoverResult awaitFailover(String workflowId, String runId);
}
