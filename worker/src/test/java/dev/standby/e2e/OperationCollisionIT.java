package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.Lab;
import dev.standby.model.FailureType;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillType;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.backup.BackupWorkflow;
import dev.standby.workflows.drill.DrillWorkflow;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failover, a failback, a drill and a backup of one service, requested at the same moment (as
 * four people in a hurry would, from the UI): the service admits the first to ask, and refuses the
 * other three with OPERATION_REFUSED, naming the one that holds it. The refused ones change
 * nothing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class OperationCollisionIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("collisions");

  @BeforeAll
  static void start() throws Exception {
    Lab lab = world.get().lab;
    Path backups = lab.dir().resolve("backups");
    String yaml =
        Files.readString(lab.topologyPath()).stripTrailing()
            + "\n"
            + "    backup:\n"
            + "      keyId: lab-key\n"
            + "      keyEnv: PAYMENTS_BACKUP_KEY\n"
            + "      targets:\n"
            + "        disk: {provider: filesystem, path: \""
            + backups.resolve("disk")
            + "\"}\n"
            + "        tape: {provider: filesystem, media: tape, path: \""
            + backups.resolve("tape")
            + "\"}\n"
            + "        vault: {provider: filesystem, media: object, cloud: elsewhere, path: \""
            + backups.resolve("vault")
            + "\"}\n";
    Path own = lab.dir().resolve("topology-with-backups.yaml");
    Files.writeString(own, yaml);
    Topology topology = TopologyLoader.load(own);
    Map<String, String> env =
        Map.of("PAYMENTS_BACKUP_KEY", Base64.getEncoder().encodeToString(new byte[32]));
    world.get().withWorker(topology, env::get);
  }

  @Test
  void theFirstToAskRunsAndTheOthersAreRefusedNamingIt() throws Exception {
    WorkflowClient client = world.get().client;
    ServiceWorkflow service =
        client.newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
    FailingOverAgainIT.awaitState(service, "protected", ServiceState::protectedNow);
    String weightsBefore = weights();

    FailoverWorkflow failover =
        client.newWorkflowStub(
            FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
    FailbackWorkflow failback =
        client.newWorkflowStub(
            FailbackWorkflow.class, world.get().options(WorkflowIds.failback("payments")));
    DrillWorkflow drill =
        client.newWorkflowStub(
            DrillWorkflow.class, world.get().options(WorkflowIds.drill("payments")));
    BackupWorkflow backup =
        client.newWorkflowStub(
            BackupWorkflow.class, world.get().options(WorkflowIds.backup("payments")));
    Map<String, WorkflowStub> runs = new LinkedHashMap<>();
    runs.put(
        WorkflowIds.failover("payments"),
        start(
            failover,
            () ->
                WorkflowClient.start(
                    failover::failover,
                    FailoverRequest.planned("payments", "site-b", "collision: failover"))));
    runs.put(
        WorkflowIds.failback("payments"),
        start(
            failback,
            () ->
                WorkflowClient.start(
                    failback::failback,
                    new FailbackRequest(
                        "payments",
                        "site-b",
                        null,
                        null,
                        null,
                        null,
                        "collision: failback",
                        "bob",
                        null))));
    runs.put(
        WorkflowIds.drill("payments"),
        start(
            drill,
            () ->
                WorkflowClient.start(
                    drill::drill,
                    new DrillRequest(
                        "payments",
                        DrillType.SIMULATED,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "collision: drill",
                        "carol"))));
    runs.put(
        WorkflowIds.backup("payments"),
        start(
            backup,
            () ->
                WorkflowClient.start(
                    backup::backup, new BackupRequest("payments", "collision: backup", "dave"))));

    Map<String, Throwable> ends = new LinkedHashMap<>();
    for (var run : runs.entrySet()) {
      try {
        run.getValue().getResult(5, TimeUnit.MINUTES, Object.class);
        ends.put(run.getKey(), null);
      } catch (WorkflowFailedException e) {
        ends.put(run.getKey(), e);
      }
    }

    List<String> refused =
        ends.entrySet().stream()
            .filter(e -> refusal(e.getValue()) != null)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(refused).as("refused runs").hasSize(3);
    String admitted =
        runs.keySet().stream().filter(id -> !refused.contains(id)).findFirst().orElseThrow();
    for (String id : refused) {
      assertThat(refusal(ends.get(id)).getOriginalMessage())
          .as(id + "'s refusal")
          .contains("payments is busy: ")
          .contains(admitted);
    }
    System.out.printf(
        "collisions: %s admitted, %s refused naming it; %s ended %s%n",
        admitted, refused, admitted, ends.get(admitted) == null ? "COMPLETED" : "FAILED");

    ServiceState state =
        FailingOverAgainIT.awaitState(
            service, "the admitted run recorded", s -> s.operation() == null);
    assertThat(state.history())
        .filteredOn(e -> e.workflowId() != null)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.workflowId()).isEqualTo(admitted);
              assertThat(e.outcome()).isNotEqualTo(OperationOutcome.SKIPPED);
            });
    if (admitted.startsWith("backup/") || admitted.startsWith("drill/")) {
      assertThat(state.primarySite()).isEqualTo("site-a");
      assertThat(weights()).isEqualTo(weightsBefore);
    }
  }

  private static String weights() {
    Lab lab = world.get().lab;
    return lab.haproxyCommand("get weight " + lab.haproxyBackend() + "/site-a")
        + lab.haproxyCommand("get weight " + lab.haproxyBackend() + "/site-b");
  }

  private static WorkflowStub start(Object typed, Runnable starter) {
    starter.run();
    return WorkflowStub.fromTyped(typed);
  }

  private static ApplicationFailure refusal(Throwable end) {
    for (Throwable t = end; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a
          && FailureType.OPERATION_REFUSED.type().equals(a.getType())) {
        return a;
      }
    }
    return null;
  }
}
