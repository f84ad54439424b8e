package dev.standby.workflows.service;

import dev.standby.activities.ServiceActivities;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The service's health monitor ({@code monitor/<service>}), a child the service aims at its current
 * primary, pauses for planned operations and starts again after each failover and failback.
 */
final class OwnMonitor {
  /** A monitor that detected a failure is not replaced until the failover it started is seen. */
  static final long HOLD_AFTER_DETECTION_MILLIS = 60_000;

  private final String service;
  private final ServiceActivities runs;
  private CancellationScope scope;
  private Promise<MonitorResult> result;
  private String aimedAt;

  /** A monitor of an earlier run of the service (continued as new) may still be watching. */
  private boolean inherited;

  private boolean starting;
  private long detectedAt = -1;

  OwnMonitor(String service, ServiceActivities runs, boolean inherited) {
    this.service = service;
    this.runs = runs;
    this.inherited = inherited;
  }

  boolean starting() {
    return starting;
  }

  /** Watches {@code primary}; a monitor already watching it is left alone. */
  void ensureWatching(String primary, String failoverTarget) {
    long now = Workflow.currentTimeMillis();
    if (result != null && result.isCompleted()) {
      if (result.getFailure() == null) {
        detectedAt = now; // it detected a failure and started a failover
      }
      result = null;
    }
    if (detectedAt >= 0 && now - detectedAt < HOLD_AFTER_DETECTION_MILLIS) {
      return;
    }
    if (result != null) {
      if (primary.equals(aimedAt)) {
        return;
      }
      pause();
    }
    if (inherited) {
      if (runs.isOpen(WorkflowIds.monitor(service), null)) {
        return;
      }
      inherited = false;
    }
    if (failoverTarget == null) {
      return; // nowhere to fail over to: the state says why, and the alarm is the reconciler's
    }
    start(primary, failoverTarget);
  }

  private void start(String primary, String target) {
    HealthMonitorWorkflow monitor =
        Workflow.newChildWorkflowStub(
            HealthMonitorWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.monitor(service))
                // The failover the monitor starts must not die with a service run that continues
                // as new.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setTypedSearchAttributes(StandbySearchAttributes.of(service, "monitor", primary))
                .build());
    starting = true;
    scope =
        Workflow.newCancellationScope(
            () ->
                result =
                    Async.function(
                        monitor::monitor,
                        new MonitorRequest(
                            service, primary, target, null, null, null, null, null)));
    scope.run();
    try {
      Workflow.getWorkflowExecution(monitor).get();
      aimedAt = primary;
      detectedAt = -1;
    } catch (ChildWorkflowFailure e) {
      // Someone else's monitor of this service runs (a drill's): it is left to its owner.
      result = null;
      inherited = true;
    } finally {
      starting = false;
    }
  }

  /** Stops watching and waits (briefly) until the monitor has closed, so its id is free. */
  void pause() {
    if (result != null && !result.isCompleted()) {
      scope.cancel();
      Workflow.await(Duration.ofSeconds(10), result::isCompleted);
    } else if (inherited) {
      runs.cancelRun(WorkflowIds.monitor(service), "paused by service/" + service);
      inherited = false;
    }
    result = null;
    aimedAt = null;
  }

  /** A failover ended (either way): the service may watch again at once. */
  void failoverEnded() {
    detectedAt = -1;
  }
}
