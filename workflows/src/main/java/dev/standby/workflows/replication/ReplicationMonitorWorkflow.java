package dev.standby.workflows.replication;

import dev.standby.model.monitor.ReplicationMonitorRequest;
import dev.standby.model.monitor.ReplicationMonitorState;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Measures every replica's lag of a service on a timer, compares it with the service's RPO and
 * posts one alert when a replica crosses it and one when it recovers. The pair it measures is the
 * service's current one (its primary read from the service's state every check). Runs until
 * cancelled, continuing as new. Workflow id: {@code replication-monitor/<service>}.
 */
@WorkflowInterface
public interface ReplicationMonitorWorkflow {

  @WorkflowMethod(name = "ReplicationMonitor")
  void monitor(ReplicationMonitorRequest request);

  @QueryMethod
  ReplicationMonitorState state();
}
