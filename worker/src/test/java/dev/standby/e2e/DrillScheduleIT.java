package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.drill.DrillResult;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker creates a service's drill schedule from its topology when it starts; the schedule
 * fires, and its run is found the way the Temporal UI finds it, by the service's search attribute.
 * The topology's blackout window covers now, so the run refuses to drill and says why: no drill
 * starts in a blackout.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DrillScheduleIT {
  private static final String QUERY =
      "StandbyService = 'payments' AND StandbyKind = 'drill' "
          + "AND TemporalScheduledById = 'drill-payments'";

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("drill-schedule");

  @BeforeAll
  static void start() throws Exception {
    // The lab's topology, its payments drill given a schedule every few seconds and a blackout that
    // covers now.
    String yaml =
        Files.readString(world.get().lab.topologyPath()).stripTrailing()
            + "\n"
            + "      schedule: {cron: \"@every 5s\", type: simulated}\n"
            + "      blackouts: [\"2020-01-01T00:00:00Z/2100-01-01T00:00:00Z\"]\n";
    Path own = world.get().lab.dir().resolve("topology-with-schedule.yaml");
    Files.writeString(own, yaml);
    Topology topology = TopologyLoader.load(own);
    assertThat(topology.service("payments").drill().schedule()).isNotNull();
    world
        .get()
        .withWorker(
            topology,
            Files.createDirectories(Path.of("target", "drill-reports", "drill-schedule-it")));
  }

  @Test
  void theTopologysScheduleFiresAndItsRunIsListedByTheServicesSearchAttribute() throws Exception {
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            world.get().service,
            ScheduleClientOptions.newBuilder()
                .setNamespace(world.get().topology.temporal().namespace())
                .build());
    ScheduleDescription schedule =
        schedules.getHandle(WorkflowIds.drillSchedule("payments")).describe();
    assertThat(schedule.getSchedule().getState().isPaused()).isFalse();

    WorkflowExecutionInfo run = awaitListedRun();
    assertThat(run.getExecution().getWorkflowId()).startsWith("drill/payments-");
    DrillResult result =
        world
            .get()
            .client
            .newUntypedWorkflowStub(run.getExecution().getWorkflowId())
            .getResult(60, TimeUnit.SECONDS, DrillResult.class);
    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.SKIPPED);
    assertThat(result.reasons())
        .containsExactly(
            "no drill may start in the blackout window 2020-01-01T00:00:00Z/2100-01-01T00:00:00Z");
    assertThat(result.steps())
        .extracting(s -> s.name())
        .doesNotContain("inject-fault", "failover", "write-load");

    schedules.getHandle(WorkflowIds.drillSchedule("payments")).pause("test over");
  }

  /** The visibility query the Temporal UI's filter runs; the index lags the run by a moment. */
  private static WorkflowExecutionInfo awaitListedRun() {
    return Awaitility.await("a run listed for " + QUERY)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                world
                    .get()
                    .service
                    .blockingStub()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(world.get().topology.temporal().namespace())
                            .setQuery(QUERY)
                            .build())
                    .getExecutionsList(),
            runs ->
                !runs.isEmpty()
                    && runs.get(0).getStatus()
                        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED)
        .get(0);
  }
}
