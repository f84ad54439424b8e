package dev.standby.workflows.drill;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.served;
import static dev.standby.workflows.TestFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.FaultActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.ReportActivities;
import dev.standby.activities.RunActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.FailureType;
import dev.standby.model.StepRecord;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.drill.BlackoutWindow;
import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.FaultRecord;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.drill.TabletopStep;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.monitor.MonitorState;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class DrillWorkflowTest {
  static final long FAULT_AT = 1_000_000L;

  /** A monitor that sees the fault at once and reports the failover it started. */
  public static class DetectingMonitor implements HealthMonitorWorkflow {
    /** The request the last drill's monitor was started with. */
    static final AtomicReference<MonitorRequest> started = new AtomicReference<>();

    /** The workflow id it ran under. */
    static final AtomicReference<String> id = new AtomicReference<>();

    @Override
    public MonitorResult monitor(MonitorRequest request) {
      started.set(request);
      id.set(Workflow.getInfo().getWorkflowId());
      Workflow.sleep(Duration.ofSeconds(3));
      return new MonitorResult(
          request.service(),
          request.site(),
          request.failoverTarget(),
          3,
          FAULT_AT + 800,
          FAULT_AT + 2_800,
          WorkflowIds.failover(request.service()),
          "run-1",
          true,
          "HTTP 503 status=down");
    }

    @Override
    public MonitorState state() {
      return null;
    }
  }

  /** A monitor that never sees anything. */
  public static class BlindMonitor extends DetectingMonitor {
    @Override
    public MonitorResult monitor(MonitorRequest request) {
      Workflow.await(() -> false);
      return null;
    }
  }

  /** A planned failover that completes at once, from the request's source to its target. */
  public static class RecordingFailover implements FailoverWorkflow {
    static final AtomicReference<FailoverRequest> started = new AtomicReference<>();

    @Override
    public FailoverResult failover(FailoverRequest request) {
      started.set(request);
      long now = Workflow.currentTimeMillis();
      return new FailoverResult(
          request.service(),
          request.sourceSite(),
          request.targetSite(),
          request.mode(),
          now,
          now + 2_000,
          null,
          2_000,
          null,
          served(request.targetSite(), now + 1_500),
          Map.of(request.targetSite(), 100),
          List.of());
    }

    @Override
    public dev.standby.model.Progress progress() {
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

  public static class CompletingFailback implements FailbackWorkflow {
    static final AtomicReference<FailbackRequest> started = new AtomicReference<>();

    @Override
    public FailbackResult failback(FailbackRequest request) {
      started.set(request);
      return new FailbackResult(
          request.service(),
          "site-a",
          "site-b",
          FailbackResult.Outcome.COMPLETED,
          null,
          null,
          null,
          null,
          Map.of("site-a", 100),
          List.of(),
          List.of(),
          0,
          1,
          null);
    }

    @Override
    public dev.standby.model.failback.FailbackProgress progress() {
      return null;
    }

    @Override
    public void pause() {}

    @Override
    public void resume() {}

    @Override
    public void approve(dev.standby.model.approval.Approval approval) {}

    @Override
    public void reject(dev.standby.model.approval.Approval approval) {}

    @Override
    public dev.standby.model.approval.ApprovalStatus approvals() {
      return null;
    }

    @Override
    public void abort() {}
  }

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              DrillWorkflowImpl.class,
              CompletingFailback.class,
              RecordingFailover.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final FaultActivities faults = mockActivity(FaultActivities.class);
  private final WriteLoadActivities load = mockActivity(WriteLoadActivities.class);
  private final RunActivities runs = mockActivity(RunActivities.class);
  private final ReportActivities reports = mockActivity(ReportActivities.class);
  private final ServiceActivities service =
      ServiceFixtures.admitting(TestFixtures.serviceState("site-a"));

  @BeforeEach
  void setUp() {
    DetectingMonitor.started.set(null);
    RecordingFailover.started.set(null);
    CompletingFailback.started.set(null);
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(topology.describeDrill(SERVICE))
        .thenReturn(
            new DrillSpec(
                true,
                2,
                2_000,
                2_000,
                60_000,
                List.of(),
                List.of(),
                StopConditions.NONE,
                List.of()));
    when(health.probe(SERVICE, "site-a")).thenReturn(healthy("site-a"));
    when(health.probe(SERVICE, "site-b")).thenReturn(healthy("site-b"));
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(primary("site-a"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replica("site-b", 0));
    when(traffic.verifyServing(eq(SERVICE), anyString(), anyInt()))
        .thenAnswer(i -> served(i.getArgument(1), 1L));
    when(faults.inject(eq(SERVICE), eq("site-a"), any(), anyLong()))
        .thenAnswer(i -> new FaultRecord("site-a", i.getArgument(2), FAULT_AT, "injected"));
    when(faults.clear(eq(SERVICE), eq("site-a"), any()))
        .thenAnswer(i -> new FaultRecord("site-a", i.getArgument(2), FAULT_AT + 60_000, "cleared"));
    when(runs.awaitFailover(WorkflowIds.failover(SERVICE), "run-1")).thenReturn(failover());
    when(reports.writeDrillReport(any())).thenReturn("/reports/drill-payments");
  }

  private void start(Worker worker, TestWorkflowEnvironment env, Class<?> monitor) {
    worker.registerWorkflowImplementationTypes(
        StandbyActivityOptions.workflowImplementationOptions(), monitor);
    worker.registerActivitiesImplementations(
        topology, health, database, traffic, load, runs, reports, service);
    TestFixtures.onSiteHosts(env, faults);
    taskQueue = worker.getTaskQueue();
    env.start();
  }

  private String taskQueue;

  private DrillWorkflow stub(WorkflowClient client) {
    return client.newWorkflowStub(
        DrillWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.drill(SERVICE))
            .setTaskQueue(taskQueue)
            .build());
  }

  private static FailoverResult failover() {
    return new FailoverResult(
        SERVICE,
        "site-a",
        "site-b",
        FailoverMode.UNPLANNED,
        FAULT_AT + 2_900,
        FAULT_AT + 4_500,
        FAULT_AT + 800,
        3_000,
        null,
        served("site-b", FAULT_AT + 3_800),
        Map.of("site-b", 100),
        List.of());
  }

  private static WriteLoadReport settled(long firstServedAfterFault, long lost, Long window) {
    return new WriteLoadReport(
        1_000,
        40,
        Map.of("site-a", 600L, "site-b", 400L),
        WriteLoadReport.StoppedBy.SETTLED,
        null,
        FAULT_AT + firstServedAfterFault,
        FAULT_AT - 5,
        lost,
        List.of(),
        lost == 0 ? null : FAULT_AT - 200,
        lost == 0 ? null : FAULT_AT - 200 + window,
        lost == 0 ? null : FAULT_AT - 210,
        FAULT_AT - 3_000,
        FAULT_AT + firstServedAfterFault + 2_000,
        "/reports/acks.csv");
  }

  @Test
  void aChaosDrillMeasuresRtoFromTheFaultToTheFirstWriteTheTargetServed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(load.run(any())).thenReturn(settled(4_100, 3, 10L));
    start(worker, env, DetectingMonitor.class);

    DrillResult result = stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.KILL_DB));

    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(result.rtoMillis()).isEqualTo(4_100);
    assertThat(result.rpoLostWrites()).isEqualTo(3);
    assertThat(result.rpoWindowMillis()).isEqualTo(20);
    assertThat(result.failover().rtoMillis()).isEqualTo(3_000);
    assertThat(result.reportLocation()).isEqualTo("/reports/drill-payments");
    assertThat(result.steps())
        .extracting(s -> s.name())
        .containsSubsequence(
            "resolve-service",
            "resolve-drill",
            "baseline-health",
            "write-load",
            "start-monitor",
            "inject-fault",
            "await-detection",
            "failover",
            "verify-target",
            "measure",
            "clear-fault",
            "failback",
            "verify-primary",
            "write-report");
    verify(faults)
        .inject(SERVICE, "site-a", FaultKind.KILL_DB, FailoverDrill.DEFAULT_LATENCY_MILLIS);
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(OperationKind.DRILL);
              assertThat(r.subtype()).isEqualTo("CHAOS");
              assertThat(r.outcome()).isEqualTo(OperationOutcome.COMPLETED);
              assertThat(r.rtoMillis()).isEqualTo(4_100);
              assertThat(r.lostWrites()).isEqualTo(3);
              assertThat(r.primarySite()).as("the drill failed back").isNull();
              assertThat(r.steps()).extracting(st -> st.name()).contains("inject-fault");
            });
  }

  @Test
  void aDrillThatMissesItsRtoFailsAndSaysByHowMuch(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(load.run(any())).thenReturn(settled(45_000, 0, null));
    start(worker, env, DetectingMonitor.class);

    DrillResult result = stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.STOP_APP));

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(result.reasons())
        .containsExactly("RTO 45000 ms exceeded the objective of 30000 ms (topology) by 15000 ms");
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(OperationOutcome.FAILED);
              assertThat(r.rtoMillis()).isEqualTo(45_000);
              assertThat(r.detail()).contains("RTO 45000 ms exceeded");
            });
  }

  @Test
  void lostWritesAgainstAZeroRpoTierFailTheDrill(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(load.run(any())).thenReturn(settled(4_000, 2, 5L));
    start(worker, env, DetectingMonitor.class);

    DrillResult result =
        stub(client)
            .drill(
                DrillRequest.chaos(SERVICE, FaultKind.KILL_DB)
                    .withObjectives(
                        new dev.standby.model.drill.DrillObjectives(
                            "tier-1", "tier-1", null, null)));

    assertThat(result.objectives().rtoMillis()).isEqualTo(3_600_000);
    assertThat(result.objectives().rpoMillis()).isZero();
    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(result.reasons())
        .containsExactly("RPO: 2 acknowledged writes lost, the objective (tier-1) is zero loss");
  }

  @Test
  void aStopConditionEndsTheDrillTakesTheFaultAwayAndChecksThePrimary(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(load.run(any()))
        .thenAnswer(
            i ->
                new WriteLoadReport(
                    10,
                    90,
                    Map.of("site-a", 10L),
                    WriteLoadReport.StoppedBy.GUARD,
                    "90% of 100 writes through the front door failed in the last 2000 ms (guard: 50%)",
                    null,
                    null,
                    0,
                    List.of(),
                    null,
                    null,
                    null,
                    0,
                    1,
                    null));
    start(worker, env, BlindMonitor.class);

    DrillResult result =
        stub(client)
            .drill(
                DrillRequest.chaos(SERVICE, FaultKind.ADD_LATENCY)
                    .withStop(new StopConditions(0.5, 2_000L), 100));

    assertThat(result.outcome())
        .as("reasons %s, steps %s", result.reasons(), result.steps())
        .isEqualTo(DrillResult.Outcome.ABORTED);
    assertThat(result.reasons().get(0))
        .isEqualTo(
            "stop condition: 90% of 100 writes through the front door failed in the last 2000 ms (guard: 50%)");
    verify(faults).clear(SERVICE, "site-a", FaultKind.ADD_LATENCY);
    verify(traffic).verifyServing(SERVICE, "site-a", FailoverDrill.VERIFY_REQUESTS);
    verify(runs, never()).awaitFailover(anyString(), anyString());
    assertThat(result.writeLoad().stoppedBy()).isEqualTo(WriteLoadReport.StoppedBy.GUARD);
  }

  @Test
  void noDrillStartsInABlackoutWindow(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(topology.describeDrill(SERVICE))
        .thenReturn(
            new DrillSpec(
                true,
                2,
                2_000,
                2_000,
                60_000,
                List.of(),
                List.of(),
                StopConditions.NONE,
                List.of(new BlackoutWindow(0, Long.MAX_VALUE, "freeze"))));
    start(worker, env, DetectingMonitor.class);

    DrillResult result = stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.KILL_DB));

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.SKIPPED);
    assertThat(result.reasons())
        .containsExactly("no drill may start in the blackout window freeze");
    verify(faults, never()).inject(anyString(), anyString(), any(), anyLong());
    verify(load, never()).run(any());
    verify(service, never()).admit(any());
  }

  @Test
  void aTabletopTimesEachStepFromItsStartToItsAcknowledgement(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(worker, env, DetectingMonitor.class);
    DrillWorkflow drill = stub(client);
    WorkflowClient.start(
        drill::drill,
        DrillRequest.tabletop(
                SERVICE,
                List.of(
                    new TabletopStep("declare the incident", "on-call", 60_000),
                    new TabletopStep("fail over the database", "dba", 600_000)))
            .withObjectives(
                new dev.standby.model.drill.DrillObjectives("tier-1", null, null, null)));

    env.sleep(Duration.ofSeconds(45));
    DrillProgress progress = drill.progress();
    assertThat(progress.waitingFor()).isEqualTo("declare the incident");
    assertThat(progress.state()).isEqualTo(DrillProgress.State.RUNNING);
    drill.acknowledge(new StepAcknowledgement("declare the incident", "alice", null));
    env.sleep(Duration.ofMinutes(20));
    drill.acknowledge(
        new StepAcknowledgement("fail over the database", "bob", "replica lag checked"));
    DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);

    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(result.tabletop())
        .extracting(DrillResult.TabletopOutcome::acknowledgedBy)
        .containsExactly("alice", "bob");
    // 45 s of skipped time, plus the real time the acknowledgement takes to arrive on a busy box.
    assertThat(result.tabletop().get(0).takenMillis()).isBetween(40_000L, 47_000L);
    assertThat(result.tabletop().get(1).takenMillis()).isBetween(1_200_000L, 1_201_000L);
    assertThat(result.rtoMillis())
        .isEqualTo(result.tabletop().get(0).takenMillis() + result.tabletop().get(1).takenMillis());
    assertThat(drill.progress().state()).isEqualTo(DrillProgress.State.PASSED);
  }

  @Test
  void aTabletopStepNobodyAcknowledgesFailsTheDrill(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(worker, env, DetectingMonitor.class);

    DrillResult result =
        stub(client)
            .drill(
                DrillRequest.tabletop(
                    SERVICE, List.of(new TabletopStep("restore from backup", "dba", 60_000))));

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(result.reasons())
        .containsExactly("step 'restore from backup' was not acknowledged within 180000 ms");
    assertThat(result.tabletop().get(0).takenMillis()).isNull();
  }

  @Test
  void aTabletopWithoutStepsIsRefusedAndChangesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(worker, env, DetectingMonitor.class);

    assertThatThrownBy(() -> stub(client).drill(DrillRequest.tabletop(SERVICE, List.of())))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("a tabletop drill needs 'steps'");
    verify(topology, never()).describeService(anyString());
    verify(service, never()).admit(any());
  }

  /** site-b primary after a failover, site-a its streaming replica, as the databases say. */
  private void afterAFailoverToSiteB() {
    ServiceFixtures.admitWith(service, ServiceFixtures.failedOverToSiteB());
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(primary("site-b"));
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(replica("site-a", 0));
  }

  @Test
  void aChaosDrillAfterAFailoverBreaksTheCurrentPrimaryAndWatchesIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    afterAFailoverToSiteB();
    when(faults.inject(eq(SERVICE), eq("site-b"), any(), anyLong()))
        .thenAnswer(i -> new FaultRecord("site-b", i.getArgument(2), FAULT_AT, "injected"));
    when(faults.clear(eq(SERVICE), eq("site-b"), any()))
        .thenAnswer(i -> new FaultRecord("site-b", i.getArgument(2), FAULT_AT + 60_000, "cleared"));
    when(load.run(any())).thenReturn(settled(4_100, 0, null));
    start(worker, env, DetectingMonitor.class);

    DrillResult result = stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.KILL_DB));

    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(result.sourceSite()).isEqualTo("site-b");
    assertThat(result.targetSite()).isEqualTo("site-a");
    verify(faults)
        .inject(SERVICE, "site-b", FaultKind.KILL_DB, FailoverDrill.DEFAULT_LATENCY_MILLIS);
    verify(faults, never()).inject(eq(SERVICE), eq("site-a"), any(), anyLong());
    MonitorRequest watched = DetectingMonitor.started.get();
    assertThat(watched.site()).isEqualTo("site-b");
    assertThat(watched.failoverTarget()).isEqualTo("site-a");
    assertThat(watched.onBehalfOf()).isEqualTo(WorkflowIds.drill(SERVICE));
    assertThat(DetectingMonitor.id.get())
        .as("not the service's own monitor/payments, which stays paused")
        .isEqualTo("drill/payments/monitor");
    assertThat(CompletingFailback.started.get().targetSite()).isEqualTo("site-b");
    assertThat(CompletingFailback.started.get().onBehalfOf()).isEqualTo(WorkflowIds.drill(SERVICE));
    var described = client.newUntypedWorkflowStub(WorkflowIds.drill(SERVICE)).describe();
    assertThat(described.getTypedSearchAttributes().get(StandbySearchAttributes.SITE))
        .isEqualTo("site-b");
  }

  @Test
  void aSimulatedDrillFailsOverFromTheCurrentPrimaryAndSaysWhereItLeftIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    afterAFailoverToSiteB();
    when(load.run(any())).thenReturn(settled(2_500, 0, null));
    start(worker, env, DetectingMonitor.class);

    DrillResult result = stub(client).drill(DrillRequest.simulated(SERVICE).withoutFailback());

    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    FailoverRequest failover = RecordingFailover.started.get();
    assertThat(failover.sourceSite()).isEqualTo("site-b");
    assertThat(failover.targetSite()).isEqualTo("site-a");
    assertThat(failover.mode()).isEqualTo(FailoverMode.PLANNED);
    assertThat(failover.onBehalfOf()).isEqualTo(WorkflowIds.drill(SERVICE));
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.subtype()).isEqualTo("SIMULATED");
              assertThat(r.outcome()).isEqualTo(OperationOutcome.COMPLETED);
              assertThat(r.fromSite()).isEqualTo("site-b");
              assertThat(r.primarySite())
                  .as("no failback: site-a is the primary now")
                  .isEqualTo("site-a");
            });
    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(service).admit(asked.capture());
    assertThat(asked.getValue().kind()).isEqualTo(OperationKind.DRILL);
    assertThat(asked.getValue().planned()).isTrue();
    assertThat(asked.getValue().scheduled()).isFalse();
    assertThat(asked.getValue().workflowId()).isEqualTo(WorkflowIds.drill(SERVICE));
  }

  @Test
  void aScheduledDrillThatMeetsARunningOperationIsSkippedWritesNothingAndChangesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    ServiceFixtures.refuseAll(service);
    start(worker, env, DetectingMonitor.class);
    DrillWorkflow drill = stub(client);

    DrillResult result =
        drill.drill(DrillRequest.scheduled(SERVICE, DrillType.CHAOS, FaultKind.KILL_DB, "@daily"));

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.SKIPPED);
    assertThat(result.reasons()).containsExactly(ServiceFixtures.REFUSAL);
    assertThat(result.reportLocation()).isNull();
    assertThat(drill.progress().state()).isEqualTo(DrillProgress.State.SKIPPED);
    // Only the topology was read; nothing was probed, injected, loaded or written.
    verifyNoInteractions(health, database, traffic, faults, load, runs, reports);
    verify(service, never()).finish(any());
    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(service).admit(asked.capture());
    assertThat(asked.getValue().scheduled()).isTrue();
  }

  @Test
  void aPersonsDrillThatMeetsARunningOperationFailsWithTheRefusalAndChangesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    ServiceFixtures.refuseAll(service);
    start(worker, env, DetectingMonitor.class);

    assertThatThrownBy(() -> stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.KILL_DB)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(ServiceFixtures.REFUSAL)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(FailureType.OPERATION_REFUSED.type()));
    // Only the topology was read; nothing was probed, injected, loaded or written.
    verifyNoInteractions(health, database, traffic, faults, load, runs, reports);
    verify(service, never()).finish(any());
  }

  @Test
  void aDrillOfAnUnknownServiceFailsBeforeItAsksTheService(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    when(topology.describeService(SERVICE))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "no service 'payments' in the topology", FailureType.UNKNOWN_SERVICE.type()));
    start(worker, env, DetectingMonitor.class);

    assertThatThrownBy(() -> stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.KILL_DB)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("no service 'payments' in the topology");
    verify(service, never()).admit(any());
  }

  @Test
  void aCanceledDrillWritesItsReportEndsCanceledAndTellsItsServiceOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(worker, env, DetectingMonitor.class);
    DrillWorkflow drill = stub(client);
    WorkflowClient.start(
        drill::drill,
        DrillRequest.tabletop(
            SERVICE, List.of(new TabletopStep("declare the incident", "on-call", 60_000))));
    env.sleep(Duration.ofSeconds(10));
    assertThat(drill.progress().waitingFor()).isEqualTo("declare the incident");

    WorkflowStub.fromTyped(drill).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(drill.progress().state()).isEqualTo(DrillProgress.State.ABORTED);
    ArgumentCaptor<DrillResult> written = ArgumentCaptor.forClass(DrillResult.class);
    verify(reports).writeDrillReport(written.capture());
    assertThat(written.getValue().outcome()).isEqualTo(DrillResult.Outcome.ABORTED);
    assertThat(written.getValue().reasons().get(0)).startsWith("the drill was canceled");
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .extracting(OperationReport::outcome)
        .isEqualTo(OperationOutcome.CANCELED);
  }

  @Test
  void aChaosDrillCanceledBeforeTheFailoverTakesItsFaultAwayAndReportsCanceled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client)
      throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    when(load.run(any()))
        .thenAnswer(
            i -> {
              release.await(30, TimeUnit.SECONDS);
              return settled(4_000, 0, null);
            });
    start(worker, env, BlindMonitor.class);
    DrillWorkflow drill = stub(client);
    try {
      WorkflowClient.start(drill::drill, DrillRequest.chaos(SERVICE, FaultKind.KILL_DB));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> assertThat(drill.progress().currentStep()).isEqualTo("await-detection"));

      WorkflowStub.fromTyped(drill).cancel();

      assertThatThrownBy(() -> WorkflowStub.fromTyped(drill).getResult(DrillResult.class))
          .isInstanceOf(WorkflowFailedException.class)
          .cause()
          .isInstanceOf(CanceledFailure.class);
    } finally {
      release.countDown();
    }
    ArgumentCaptor<DrillResult> written = ArgumentCaptor.forClass(DrillResult.class);
    verify(reports).writeDrillReport(written.capture());
    assertThat(written.getValue().outcome()).isEqualTo(DrillResult.Outcome.ABORTED);
    assertThat(written.getValue().reasons())
        .containsExactly("the drill was canceled in step await-detection");
    verify(faults).clear(SERVICE, "site-a", FaultKind.KILL_DB);
    verify(runs, never()).awaitFailover(anyString(), anyString());
    assertThat(written.getValue().steps())
        .filteredOn(st -> st.name().equals("await-detection"))
        .singleElement()
        .satisfies(st -> assertThat(st.status()).isEqualTo(StepRecord.StepStatus.FAILED));
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .extracting(OperationReport::outcome)
        .isEqualTo(OperationOutcome.CANCELED);
  }

  @Test
  void aFailoverDrillOfAServiceWithNoStandbyFailsSayingSoAndTouchesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    ServiceState backupOnly =
        TestFixtures.serviceState("site-a")
            .withSite(
                SiteState.unobserved("site-b", DatabaseRole.REPLICA, SiteCondition.BACKUP_ONLY));
    ServiceFixtures.admitWith(service, backupOnly);
    start(worker, env, DetectingMonitor.class);

    DrillResult result = stub(client).drill(DrillRequest.chaos(SERVICE, FaultKind.KILL_DB));

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(result.reasons())
        .singleElement()
        .asString()
        .startsWith("payments has no standby to fail over to from site-a");
    verify(faults, never()).inject(anyString(), anyString(), any(), anyLong());
    verify(load, never()).run(any());
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .extracting(OperationReport::outcome)
        .isEqualTo(OperationOutcome.FAILED);
  }
}
