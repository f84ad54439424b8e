package dev.standby.api;

import dev.standby.model.readiness.Readiness;
import dev.standby.workflows.readiness.ReadinessWorkflow;
import io.temporal.workflow.Workflow;

/** A stand-in for {@code readiness/<name>} that answers the evaluation it was started with. */
public class SettableReadiness implements ReadinessWorkflow {
  private Readiness last;

  @Override
  public void run(String service, long everyMillis, Readiness carried) {
    last = carried;
    Workflow.await(() -> false);
  }

  @Override
  public Readiness readiness() {
    return last;
  }

  @Override
  public void evaluateNow() {}
}
