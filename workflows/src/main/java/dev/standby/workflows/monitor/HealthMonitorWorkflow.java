package dev.standby.workflows.monitor;

import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.monitor.MonitorState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Probes a service's primary on a timer and, after enough consecutive failures, starts the
 * unplanned failover once. Workflow id: {@code monitor/<service>}.
 */
@WorkflowInterface
public interface HealthMonitorWorkflow {

  @WorkflowMethod(name = "HealthMonitor")
  MonitorResult monitor(MonitorRequest request);

  @QueryMethod
  MonitorState state();
}
