package dev.standby.workflows.objectsync;

import dev.standby.model.objectsync.ObjectSyncProgress;
import dev.standby.model.objectsync.ObjectSyncRequest;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Replicates objects from one bucket or container to another (id {@code object-sync/<name>}): one
 * pass, or continuously on a timer, reporting counts and the object RPO.
 */
@WorkflowInterface
public interface ObjectSyncWorkflow {
  @WorkflowMethod
  ObjectSyncProgress sync(ObjectSyncRequest request);

  @QueryMethod
  ObjectSyncProgress progress();

  /** Ends a continuous sync after the pass in flight, if any. */
  @SignalMethod
  void stop();
}
