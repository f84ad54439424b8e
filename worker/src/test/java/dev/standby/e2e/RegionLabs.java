package dev.standby.e2e;

import dev.standby.lab.Lab;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.worker.StandbyWorker;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several services on site-a and site-b, each a lab of its own (its PostgreSQL primary and
 * streaming replica, its apps, its HAProxy backend), on the first lab's Temporal, with one worker
 * for them all: the services of a region.
 */
final class RegionLabs implements AutoCloseable {
  final Map<String, Lab> labs = new LinkedHashMap<>();
  final Topology topology;
  final WorkflowServiceStubs service;
  final WorkflowClient client;
  private final StandbyWorker worker;

  /**
   * @param services each service's name and what it depends on ("" for nothing)
   * @param plans the topology's {@code regionPlans} block, indented as at the top level
   */
  RegionLabs(String test, Map<String, String> services, String plans) throws IOException {
    List<String> blocks = new ArrayList<>();
    String header = null;
    try {
      for (var e : services.entrySet()) {
        Lab lab = Lab.start(test + "-" + e.getKey(), labs.isEmpty());
        labs.put(e.getKey(), lab);
        String text = Files.readString(lab.topologyPath());
        int at = text.indexOf("\nservices:\n");
        if (header == null) {
          header = text.substring(0, at + 1);
        }
        String block = text.substring(at + "\nservices:\n".length());
        String deps = e.getValue().isEmpty() ? "" : "    dependsOn: [" + e.getValue() + "]\n";
        blocks.add(block.replaceFirst("^  payments:\n", "  " + e.getKey() + ":\n" + deps));
      }
      Path file = labs.values().iterator().next().dir().resolve("region-topology.yaml");
      Files.writeString(file, header + "services:\n" + String.join("", blocks) + plans);
      topology = TopologyLoader.load(file);
      service =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget(topology.temporal().target())
                  .build());
      client =
          WorkflowClient.newInstance(
              service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      worker = StandbyWorker.start(topology, "127.0.0.1", 0);
    } catch (RuntimeException | IOException e) {
      labs.values().forEach(Lab::close);
      throw e;
    }
  }

  Lab lab(String service) {
    return labs.get(service);
  }

  /** Turns every service's own health monitor on. */
  void watchAll() {
    for (String name : labs.keySet()) {
      client.newUntypedWorkflowStub("service/" + name).signal("watch", true);
    }
  }

  /**
   * The run of {@code workflowId} once something has started it (a trigger starts when the first
   * monitor detects), waiting up to {@code timeout} for it to exist.
   */
  io.temporal.client.WorkflowStub awaitStarted(String workflowId, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        client.newUntypedWorkflowStub(workflowId).describe();
        return client.newUntypedWorkflowStub(workflowId);
      } catch (io.temporal.client.WorkflowNotFoundException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(workflowId + " was not started within " + timeout, e);
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() {
    try {
      worker.close();
      service.shutdown();
    } finally {
      labs.values().forEach(Lab::close);
    }
  }
}
