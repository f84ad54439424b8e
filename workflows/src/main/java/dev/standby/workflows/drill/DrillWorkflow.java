package dev.standby.workflows.drill;

import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.StepAcknowledgement;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A DR drill of one service that measures what really happened: a tabletop walk through steps
 * people acknowledge, a simulated (planned) failover and back, or a chaos drill whose injected
 * fault the health monitor must detect. Ends with a report. Workflow id: {@code drill/<service>}.
 */
@WorkflowInterface
public interface DrillWorkflow {

  @WorkflowMethod(name = "Drill")
  DrillResult drill(DrillRequest request);

  @QueryMethod
  DrillProgress progress();

  /** A person says a tabletop step is done; the step's time runs from its start to this signal. */
  @SignalMethod
  void acknowledge(StepAcknowledgement acknowledgement);

  /** Ends the drill as a stop condition would: the fault is taken away and the service restored. */
  @SignalMethod
  void stop(String reason);
}
