package dev.standby.worker;

import dev.standby.topology.Topology;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.readiness.ReadinessWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code readiness/<service>} for every service of the topology when a worker starts, so
 * every service's plan is judged from then on; one already running keeps its last evaluation.
 */
final class ReadinessLoops {
  private ReadinessLoops() {}

  static List<String> start(WorkflowClient client, Topology topology) {
    List<String> lines = new ArrayList<>();
    topology
        .services()
        .forEach(
            (name, spec) -> {
              String id = WorkflowIds.readiness(name);
              ReadinessWorkflow readiness =
                  client.newWorkflowStub(
                      ReadinessWorkflow.class,
                      WorkflowOptions.newBuilder()
                          .setWorkflowId(id)
                          .setTaskQueue(topology.temporal().taskQueue())
                          .setWorkflowIdReusePolicy(
                              WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                          .setTypedSearchAttributes(
                              StandbySearchAttributes.of(name, "readiness", null))
                          .build());
              long every = spec.monitor().readiness().toMillis();
              try {
                WorkflowClient.start(readiness::run, name, every, null);
                lines.add(id + " started, every " + every + " ms");
              } catch (WorkflowExecutionAlreadyStarted e) {
                lines.add(id + " already running");
              }
            });
    return lines;
  }
}
