package dev.standby.api;

import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.workflows.drill.DrillWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the drill on the shared worker: remembers its input and runs until the JVM's
 * Temporal stops. The real drill needs the lab; the API tests check only what the API handed
 * Temporal.
 */
public class WaitingDrill implements DrillWorkflow {
  /** Every drill request the stand-in was started with, in this JVM. */
  public static final List<DrillRequest> STARTED = new CopyOnWriteArrayList<>();

  @Override
  public DrillResult drill(DrillRequest request) {
    STARTED.add(request);
    Workflow.await(() -> false);
    return null;
  }

  @Override
  public DrillProgress progress() {
    return null;
  }

  @Override
  public void acknowledge(StepAcknowledgement acknowledgement) {}

  @Override
  public void stop(String reason) {}
}
