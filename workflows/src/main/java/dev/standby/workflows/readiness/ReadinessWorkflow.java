package dev.standby.workflows.readiness;

import dev.standby.model.readiness.Readiness;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per service ({@code readiness/<service>}, started by the worker): evaluates on a timer
 * ({@code monitor.readiness}, 5 minutes by default) whether a failover would work now, keeps the
 * last evaluation for the API, Slack and the metrics, and says so once in the service's channel
 * when the plan turns failing.
 */
@WorkflowInterface
public interface ReadinessWorkflow {

  /**
   * @param service the service to evaluate
   * @param everyMillis how often
   * @param carried the last evaluation, carried across continue-as-new (null at first)
   */
  @WorkflowMethod(name = "Readiness")
  void run(String service, long everyMillis, Readiness carried);

  /** The last evaluation; null before the first. */
  @QueryMethod
  Readiness readiness();

  /** Evaluates now instead of at the next tick. */
  @SignalMethod
  void evaluateNow();
}
