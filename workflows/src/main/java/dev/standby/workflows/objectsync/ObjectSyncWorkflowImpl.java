package dev.standby.workflows.objectsync;

import dev.standby.activities.ObjectSyncActivities;
import dev.standby.model.FailureType;
import dev.standby.model.objectsync.ObjectSyncProgress;
import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.model.objectsync.ObjectSyncResult;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class ObjectSyncWorkflowImpl implements ObjectSyncWorkflow {
  private final ObjectSyncActivities sync = Workflow.newActivityStub(ObjectSyncActivities.class);
  private ObjectSyncProgress progress;
  private boolean stopRequested;

  @Override
  public ObjectSyncProgress sync(ObjectSyncRequest request) {
    List<String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "object sync: " + String.join("; ", problems), FailureType.INVALID_INPUT.type());
    }
    progress =
        request.carried() != null ? request.carried() : ObjectSyncProgress.start(request.name());
    StandbySearchAttributes.upsert(request.name(), "object-sync", request.target().describe());
    for (int passesThisRun = 1; ; passesThisRun++) {
      progress = progress.in("copying", Workflow.currentTimeMillis());
      try {
        ObjectSyncResult pass = sync.syncPass(request);
        progress = progress.after(pass, Workflow.currentTimeMillis());
      } catch (ActivityFailure e) {
        if (!request.continuous() || isInvalidInput(e)) {
          throw e;
        }
        // A continuous sync outlives a bad pass (a store down for hours): the RPO shows the cost,
        // the next pass retries.
        progress = progress.failedPass(StepTimeline.rootMessage(e), Workflow.currentTimeMillis());
      }
      if (!request.continuous()) {
        return progress.in("done", Workflow.currentTimeMillis());
      }
      Workflow.await(Duration.ofSeconds(request.intervalSeconds()), () -> stopRequested);
      if (stopRequested) {
        return progress.in("stopped", Workflow.currentTimeMillis());
      }
      if (passesThisRun >= request.maxPassesPerRunOrDefault()
          || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.continueAsNew(request.carrying(progress));
      }
    }
  }

  private static boolean isInvalidInput(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure a
        && FailureType.INVALID_INPUT.type().equals(a.getType());
  }

  @Override
  public ObjectSyncProgress progress() {
    return progress == null ? null : progress.in(progress.state(), Workflow.currentTimeMillis());
  }

  @Override
  public void stop() {
    stopRequested = true;
  }
}
