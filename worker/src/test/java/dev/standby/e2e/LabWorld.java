package dev.standby.e2e;

import dev.standby.lab.Lab;
import dev.standby.model.StepRecord;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverResult;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.worker.StandbyWorker;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.List;

/** A running lab with Temporal, a client for it and, optionally, a Standby worker in this JVM. */
final class LabWorld implements AutoCloseable {
  final Lab lab;
  final Topology topology;
  final WorkflowServiceStubs service;
  final WorkflowClient client;
  private StandbyWorker worker;

  private LabWorld(Lab lab) {
    this.lab = lab;
    this.topology = TopologyLoader.load(lab.topologyPath());
    this.service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(topology.temporal().target())
                .build());
    this.client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(topology.temporal().namespace())
                .build());
  }

  static LabWorld start(String name) {
    return new LabWorld(Lab.start(name, true));
  }

  /** The three-site lab: site-a primary, site-b and site-c (priority 80) its replicas. */
  static LabWorld startThreeSites(String name) {
    return new LabWorld(Lab.startThreeSites(name));
  }

  LabWorld withWorker() {
    worker = StandbyWorker.start(topology, "127.0.0.1", 0);
    return this;
  }

  /**
   * A worker with a topology of the test's own (the lab's, changed), writing drill reports under
   * {@code reports}.
   */
  LabWorld withWorker(Topology own, java.nio.file.Path reports) {
    worker = StandbyWorker.start(own, "127.0.0.1", 0, reports);
    return this;
  }

  /**
   * A worker that serves its metrics on 127.0.0.1:{@code metricsPort} and writes drill reports
   * under {@code reports}.
   */
  LabWorld withMetricsWorker(int metricsPort, java.nio.file.Path reports) {
    worker = StandbyWorker.start(topology, "127.0.0.1", metricsPort, reports);
    return this;
  }

  /** A worker that writes drill reports under {@code reports}. */
  LabWorld withWorker(java.nio.file.Path reports) {
    worker = StandbyWorker.start(topology, "127.0.0.1", 0, reports);
    return this;
  }

  /**
   * A worker on another topology than the lab's own (e.g. with a notify block added), whose
   * notifier reads its settings (Slack token, channel, API URL) from {@code environment} instead of
   * the process environment.
   */
  LabWorld withWorker(Topology topology, java.util.function.Function<String, String> environment) {
    worker = StandbyWorker.start(topology, "127.0.0.1", 0, environment);
    return this;
  }

  WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(WorkflowIds.TASK_QUEUE)
        .build();
  }

  static long stepEnd(FailoverResult result, String step) {
    return stepEnd(result.steps(), step);
  }

  static long stepEnd(FailbackResult result, String step) {
    return stepEnd(result.steps(), step);
  }

  private static long stepEnd(List<StepRecord> steps, String step) {
    return steps.stream()
        .filter(s -> s.name().equals(step))
        .findFirst()
        .map(StepRecord::endedAtMillis)
        .orElseThrow(() -> new AssertionError("no step " + step + " in " + steps));
  }

  /**
   * Writes the latest run of {@code workflowId} as {@code target/e2e-histories/<name>.json}, the
   * JSON that {@code temporal workflow show --output json} prints, for HistoryReplayTest (copied
   * into workflows/src/test/resources/histories by hand when the code it covers changed on
   * purpose).
   */
  void saveHistory(String workflowId, String name) throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Path.of("target", "e2e-histories", name + ".json");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    service.shutdown();
    lab.close();
  }
}
