package dev.standby.workflows.monitor;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.down;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.readOnly;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.RegionActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.Progress;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.failover.StandbyReadings;
import dev.standby.model.health.HealthReport;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HealthMonitorWorkflowTest {
  /**
   * Failover requests the monitor made; the failover itself is a stand-in so only the monitor is
   * under test.
   */
  static final List<FailoverRequest> failoversStarted = new CopyOnWriteArrayList<>();

  public static class RecordingFailover implements FailoverWorkflow {
    @Override
    public FailoverResult failover(FailoverRequest request) {
      failoversStarted.add(request);
      Workflow.sleep(Duration.ofMinutes(1));
      return null;
    }

    @Override
    public Progress progress() {
      return null;
    }

    @Override
    public dev.standby.model.approval.ApprovalStatus approvals() {
      return null;
    }

    @Override
    public void approve(dev.standby.model.approval.Approval approval) {}

    @Override
    public void reject(dev.standby.model.approval.Approval approval) {}
  }

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              HealthMonitorWorkflowImpl.class,
              RecordingFailover.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final ServiceActivities services = TestFixtures.admittingService();
  private final RegionActivities regions = mockActivity(RegionActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    failoversStarted.clear();
    worker.registerActivitiesImplementations(
        topology, health, services, regions, database, traffic);
    env.start();
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(health.liveness(SERVICE, "site-b")).thenReturn(readOnly("site-b"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replica("site-b", 0));
    when(traffic.weights(SERVICE)).thenReturn(Map.of("site-a", 100, "site-b", 0));
  }

  private HealthMonitorWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        HealthMonitorWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.monitor(SERVICE))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  /** Answers the given reports in turn, then repeats the last one. */
  private void probesAnswer(HealthReport... reports) {
    AtomicInteger i = new AtomicInteger();
    when(health.probe(SERVICE, "site-a"))
        .thenAnswer(inv -> reports[Math.min(i.getAndIncrement(), reports.length - 1)]);
  }

  @Test
  void threeConsecutiveFailuresStartOneUnplannedFailoverToTheStandby(
      WorkflowClient client, Worker worker) {
    probesAnswer(
        healthy("site-a"), healthy("site-a"), down("site-a"), down("site-a"), down("site-a"));

    MonitorResult result = stub(client, worker).monitor(MonitorRequest.of(SERVICE));
    awaitFailover(client, result);

    assertThat(result.probes()).isEqualTo(5);
    assertThat(result.failoverStarted()).isTrue();
    assertThat(result.failoverWorkflowId()).isEqualTo("failover/payments");
    // Probes on a one-second grid: detection comes two intervals after the first failure. A probe
    // that began
    // a few milliseconds late on the grid makes the gap that much shorter, never a probe's worth.
    // On a loaded machine the first failing probe itself can start a few hundred ms late.
    assertThat(result.detectedAtMillis() - result.firstFailureAtMillis()).isBetween(1_500L, 2_900L);
    assertThat(failoversStarted)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.mode()).isEqualTo(FailoverMode.UNPLANNED);
              assertThat(request.targetSite()).as("the failover elects").isNull();
              assertThat(request.sourceSite()).isEqualTo("site-a");
              assertThat(request.incidentStartedAtMillis())
                  .isEqualTo(result.firstFailureAtMillis());
              assertThat(request.reason()).contains("3 consecutive failed health probes");
            });
  }

  @Test
  void aSiteWithARegionTriggerGetsTheDetectionInsteadOfAFailover(
      WorkflowClient client, Worker worker) {
    when(regions.reportFailure(org.mockito.ArgumentMatchers.any())).thenReturn(true);
    probesAnswer(down("site-a"));

    MonitorResult result = stub(client, worker).monitor(MonitorRequest.of(SERVICE));

    assertThat(result.failoverWorkflowId()).isEqualTo("region-trigger/site-a");
    assertThat(failoversStarted).isEmpty();
    verify(regions)
        .reportFailure(
            org.mockito.ArgumentMatchers.argThat(
                r ->
                    r.service().equals(SERVICE)
                        && r.site().equals("site-a")
                        && r.failoverTarget().equals("site-b")
                        && r.firstFailureAtMillis() == result.firstFailureAtMillis()));
  }

  @Test
  void failuresThatDoNotFollowEachOtherDoNotTrigger(
      WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    probesAnswer(
        down("site-a"),
        down("site-a"),
        healthy("site-a"),
        down("site-a"),
        down("site-a"),
        healthy("site-a"));
    HealthMonitorWorkflow monitor = stub(client, worker);
    WorkflowClient.start(monitor::monitor, MonitorRequest.of(SERVICE));

    env.sleep(Duration.ofSeconds(30));

    assertThat(failoversStarted).isEmpty();
    assertThat(monitor.state().consecutiveFailures()).isZero();
    assertThat(monitor.state().probes()).isGreaterThanOrEqualTo(25);
  }

  @Test
  void whileItCountsFailuresItReadsTheStandbysSoTheFailoverStartsWithThem(
      WorkflowClient client, Worker worker) {
    probesAnswer(healthy("site-a"), down("site-a"), down("site-a"), down("site-a"));

    MonitorResult result = stub(client, worker).monitor(MonitorRequest.of(SERVICE));
    awaitFailover(client, result);

    assertThat(failoversStarted)
        .singleElement()
        .satisfies(
            request -> {
              StandbyReadings readings = request.readings();
              assertThat(readings).isNotNull();
              assertThat(readings.source()).isEqualTo("site-a");
              assertThat(readings.databases().get("site-b").replayLsn())
                  .isEqualTo(replica("site-b", 0).replayLsn());
              assertThat(readings.liveness().get("site-b").canTakeOver()).isTrue();
              assertThat(readings.weights()).containsEntry("site-a", 100);
              // Read after the second failed probe, one interval before the detection.
              assertThat(result.detectedAtMillis() - readings.takenAtMillis())
                  .isBetween(500L, StandbyReadings.FRESH_FOR_MILLIS);
            });
  }

  @Test
  void onlyTheFailureBeforeTheThresholdReadsTheStandbys(
      WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    probesAnswer(
        healthy("site-a"),
        down("site-a"),
        healthy("site-a"),
        down("site-a"),
        down("site-a"),
        healthy("site-a"));
    WorkflowClient.start(stub(client, worker)::monitor, MonitorRequest.of(SERVICE));
    env.sleep(Duration.ofSeconds(10));
    HealthMonitorWorkflow running =
        client.newWorkflowStub(HealthMonitorWorkflow.class, WorkflowIds.monitor(SERVICE));
    assertThat(running.state().probes()).isGreaterThanOrEqualTo(8);

    // With a threshold of 3, the lone failed probe read nothing; the second of two in a row read
    // the standbys once, and the healthy probes after it nothing more.
    verify(database, org.mockito.Mockito.times(1)).replicationStatus(SERVICE, "site-b");
    verify(health, org.mockito.Mockito.times(1)).liveness(SERVICE, "site-b");
    verify(traffic, org.mockito.Mockito.times(1)).weights(SERVICE);
    assertThat(failoversStarted).isEmpty();
  }

  @Test
  void aLongWatchContinuesAsNewAndKeepsCountingAcrossRuns(
      WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    HealthReport[] reports = new HealthReport[26];
    java.util.Arrays.fill(reports, 0, 23, healthy("site-a"));
    java.util.Arrays.fill(reports, 23, 26, down("site-a"));
    probesAnswer(reports);

    MonitorResult result =
        stub(client, worker).monitor(new MonitorRequest(SERVICE, null, null, null, null, 10, null));
    awaitFailover(client, result);

    assertThat(result.probes()).isEqualTo(26);
    assertThat(failoversStarted).hasSize(1);
    // The run that triggered is the third: two continue-as-new after 10 probes each.
    var history = env.getWorkflowClient().fetchHistory(WorkflowIds.monitor(SERVICE)).getHistory();
    assertThat(history.getEventsList())
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        // describe the service, read its state, six probes, after the second failed probe the
        // standby read (liveness, database) with the weights, then ask the region trigger
        .hasSize(2 + 6 + 3 + 1);
  }

  @Test
  void itWatchesThePrimaryTheServiceNamesNowNotTheTopologys(WorkflowClient client, Worker worker) {
    when(services.current(SERVICE)).thenReturn(TestFixtures.serviceState("site-b"));
    when(health.probe(SERVICE, "site-b")).thenReturn(down("site-b"));

    MonitorResult result = stub(client, worker).monitor(MonitorRequest.of(SERVICE));
    awaitFailover(client, result);

    assertThat(result.site()).isEqualTo("site-b");
    assertThat(failoversStarted)
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.sourceSite()).isEqualTo("site-b");
              assertThat(request.targetSite()).as("the failover elects").isNull();
            });
    verify(health, never()).probe(SERVICE, "site-a");
  }

  @Test
  void aFailoverAlreadyRunningIsNotStartedTwice(WorkflowClient client, Worker worker) {
    probesAnswer(down("site-a"));
    FailoverWorkflow running =
        client.newWorkflowStub(
            FailoverWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.failover(SERVICE))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(running::failover, FailoverRequest.planned(SERVICE, "site-b", "operator"));

    MonitorResult result = stub(client, worker).monitor(MonitorRequest.of(SERVICE));
    awaitFailover(client, result);

    assertThat(result.failoverStarted()).isFalse();
    assertThat(failoversStarted).extracting(FailoverRequest::reason).containsExactly("operator");
  }

  /**
   * The failover runs on its own after the monitor ends: wait for it, so it has recorded what it
   * was asked.
   */
  private static void awaitFailover(WorkflowClient client, MonitorResult result) {
    client.newUntypedWorkflowStub(result.failoverWorkflowId()).getResult(Void.class);
  }
}
