package dev.standby.workflows.drill;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.ReportActivities;
import dev.standby.activities.RunActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord;
import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSiteReport;
import dev.standby.model.drill.DrillSiteReport.Role;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.drill.TabletopStep;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.failover.CandidateReport;
import dev.standby.model.failover.DataLossEvidence;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.failover.TargetChoice;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A drill of a service with three sites that take traffic and a backup-only fourth: the report
 * carries each site's figures, and a tabletop's steps name the sites the same election picks.
 */
@Timeout(60)
class ThreeSiteDrillTest {
  /** site-c lagged when the failover read it; the target, site-b, was promoted at 0/3000200. */
  static final String PROMOTED_AT = "0/3000200";

  static final String SITE_C_AT = "0/2FFF000";

  /**
   * A planned failover to the request's target that re-points the other standby 1.3 s after the
   * promotion.
   */
  public static class RepointingFailover implements FailoverWorkflow {
    static final AtomicReference<FailoverRequest> started = new AtomicReference<>();

    @Override
    public FailoverResult failover(FailoverRequest request) {
      started.set(request);
      long now = Workflow.currentTimeMillis();
      String target = request.targetSite();
      List<StepRecord> steps = new ArrayList<>();
      steps.add(step("promote-target", now + 500, now + 1_000));
      steps.add(step("repoint-site-c", now + 1_600, now + 2_300));
      return new FailoverResult(
          request.service(),
          request.sourceSite(),
          target,
          request.mode(),
          now,
          now + 3_000,
          null,
          2_000,
          new DataLossEvidence(true, PROMOTED_AT, PROMOTED_AT, null, "none lost"),
          served(target, now + 1_500),
          Map.of(target, 100),
          steps,
          new TargetChoice(
              target,
              false,
              "named by the request; no other standby has replayed more",
              0,
              List.of(
                  new CandidateReport(target, 80, true, "0/3000100", 10L, 3L, 1, "named"),
                  new CandidateReport("site-c", 50, true, SITE_C_AT, 4_200L, 4L, 0, "not named"))),
          List.of("site-c streams from " + target + " (REPOINT)"));
    }

    private static StepRecord step(String name, long start, long end) {
      return new StepRecord(name, StepRecord.StepStatus.COMPLETED, start, end, name + " done");
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

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              DrillWorkflowImpl.class,
              DrillWorkflowTest.CompletingFailback.class,
              RepointingFailover.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final WriteLoadActivities load = mockActivity(WriteLoadActivities.class);
  private final RunActivities runs = mockActivity(RunActivities.class);
  private final ReportActivities reports = mockActivity(ReportActivities.class);
  private final ServiceActivities service = ServiceFixtures.admitting(threeSites());
  private String taskQueue;

  /** site-a primary; site-b (priority 80) and site-c (50) standbys; site-d backup-only. */
  static ServiceSpec spec() {
    return new ServiceSpec(
        SERVICE,
        List.of("site-a", "site-b", "site-c", "site-d"),
        "site-a",
        30_000,
        5_000,
        1_000,
        3,
        20,
        FailbackPolicy.DEFAULTS,
        NotifyPolicy.DEFAULTS,
        List.of(),
        Map.of("site-b", 80, "site-c", 50),
        List.of("site-d"));
  }

  static ServiceState threeSites() {
    return ServiceState.initial(
            SERVICE, "site-a", List.of("site-a", "site-b", "site-c", "site-d"), List.of("site-d"))
        .withProtection(true, "site-b streams from site-a")
        .recording(
            new HistoryEntry(
                OperationKind.BACKUP.label(),
                null,
                "backup/payments-20261206",
                "schedule",
                1,
                2,
                OperationOutcome.COMPLETED,
                null,
                null,
                null,
                null,
                null,
                "backup 20261206T010000Z-1a2b3c4d"));
  }

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    RepointingFailover.started.set(null);
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
    when(reports.writeDrillReport(any())).thenReturn("/reports/drill-payments");
    when(load.run(any()))
        .thenAnswer(
            i ->
                new WriteLoadReport(
                    500,
                    10,
                    Map.of("site-a", 300L, "site-b", 200L),
                    WriteLoadReport.StoppedBy.SETTLED,
                    null,
                    env.currentTimeMillis() + 2_500,
                    env.currentTimeMillis() + 1_000,
                    2,
                    List.of(401L, 402L),
                    env.currentTimeMillis() + 900,
                    env.currentTimeMillis() + 950,
                    env.currentTimeMillis() + 880,
                    env.currentTimeMillis(),
                    env.currentTimeMillis() + 5_000,
                    "/reports/acks.csv"));
    worker.registerActivitiesImplementations(
        topology, health, database, traffic, load, runs, reports, service);
    taskQueue = worker.getTaskQueue();
    env.start();
  }

  private DrillWorkflow stub(WorkflowClient client) {
    return client.newWorkflowStub(
        DrillWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.drill(SERVICE))
            .setTaskQueue(taskQueue)
            .build());
  }

  @Test
  void aSimulatedDrillReportsEachSitesFiguresTheTargetsRtoAndRpoTheOthersPositionAndRepointing(
      WorkflowClient client) {
    DrillResult result = stub(client).drill(DrillRequest.simulated(SERVICE));

    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(RepointingFailover.started.get().targetSite())
        .as("the highest-priority healthy standby, as a planned election would")
        .isEqualTo("site-b");
    assertThat(result.sites())
        .extracting(DrillSiteReport::site, DrillSiteReport::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("site-a", Role.SOURCE),
            org.assertj.core.groups.Tuple.tuple("site-b", Role.TARGET),
            org.assertj.core.groups.Tuple.tuple("site-c", Role.STANDBY),
            org.assertj.core.groups.Tuple.tuple("site-d", Role.BACKUP_ONLY));
    DrillSiteReport target = result.sites().get(1);
    assertThat(target.rtoMillis()).isEqualTo(result.rtoMillis()).isNotNull();
    assertThat(target.lostWrites()).isEqualTo(2);
    assertThat(target.lossWindowMillis()).isEqualTo(result.rpoWindowMillis());
    assertThat(target.replayLsn()).isEqualTo(PROMOTED_AT);
    assertThat(target.lagMillis()).isEqualTo(10);

    DrillSiteReport other = result.sites().get(2);
    assertThat(other.replayLsn()).isEqualTo(SITE_C_AT);
    assertThat(other.lagMillis()).isEqualTo(4_200).isGreaterThan(target.lagMillis());
    assertThat(other.behindBytes()).isEqualTo(0x3000200L - 0x2FFF000L);
    assertThat(other.repointed()).isEqualTo("site-c streams from site-b (REPOINT)");
    assertThat(other.followingAfterMillis())
        .as("from the end of the promotion to the end of repoint-site-c")
        .isEqualTo(1_300);
    assertThat(other.rtoMillis()).isNull();

    DrillSiteReport backupOnly = result.sites().get(3);
    assertThat(backupOnly.line())
        .isEqualTo(
            "site-d: backup-only, never a candidate (last backup: backup"
                + " 20261206T010000Z-1a2b3c4d, backup/payments-20261206)");
    assertThat(other.line())
        .startsWith("site-c: standby (priority 50), replayed 0/2FFF000, lag 4200 ms, 4608 bytes")
        .endsWith(
            "site-c streams from site-b (REPOINT), streaming and caught up 1300 ms after"
                + " the promotion");
  }

  @Test
  void aTabletopsStepsNameTheElectedTargetAndEveryReplicaToRepointButNeverTheBackupOnlySite(
      TestWorkflowEnvironment env, WorkflowClient client) {
    DrillWorkflow drill = stub(client);
    WorkflowClient.start(
        drill::drill,
        DrillRequest.tabletop(
            SERVICE,
            List.of(
                new TabletopStep("fence {source}", "dba", 60_000),
                new TabletopStep("promote {target}'s replica", "dba", 60_000),
                new TabletopStep("re-point {replica} to {target}", "dba", 60_000),
                new TabletopStep("move traffic to {target}", "sre", 60_000))));

    List<String> walked = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      env.sleep(Duration.ofSeconds(5)); // four steps walked within the RTO objective of 30 s
      DrillProgress progress = drill.progress();
      walked.add(progress.waitingFor());
      drill.acknowledge(new StepAcknowledgement(progress.waitingFor(), "alice", null));
    }
    DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);

    assertThat(walked)
        .containsExactly(
            "fence site-a",
            "promote site-b's replica",
            "re-point site-c to site-b",
            "move traffic to site-b");
    assertThat(result.tabletop())
        .extracting(DrillResult.TabletopOutcome::name)
        .containsExactlyElementsOf(walked);
    assertThat(result.outcome())
        .as("reasons %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
  }

  @Test
  void aTabletopOfATwoSiteServiceLeavesTheRepointStepOut(
      TestWorkflowEnvironment env, WorkflowClient client) {
    when(topology.describeService(SERVICE)).thenReturn(TestFixtures.spec());
    ServiceFixtures.admitWith(service, TestFixtures.serviceState("site-a"));
    DrillWorkflow drill = stub(client);
    WorkflowClient.start(
        drill::drill,
        DrillRequest.tabletop(
            SERVICE,
            List.of(
                new TabletopStep("promote {target}'s replica", "dba", 60_000),
                new TabletopStep("re-point {replica} to {target}", "dba", 60_000),
                new TabletopStep("move traffic to {target}", "sre", 60_000))));

    for (int i = 0; i < 2; i++) {
      env.sleep(Duration.ofSeconds(10));
      drill.acknowledge(new StepAcknowledgement(drill.progress().waitingFor(), "bob", null));
    }
    DrillResult result = WorkflowStub.fromTyped(drill).getResult(DrillResult.class);

    assertThat(result.tabletop())
        .extracting(DrillResult.TabletopOutcome::name)
        .containsExactly("promote site-b's replica", "move traffic to site-b");
  }

  @Test
  void aStepNamingAnUnknownPlaceholderIsRefusedBeforeAnythingStarts(WorkflowClient client) {
    assertThatThrownBy(
            () ->
                stub(client)
                    .drill(
                        DrillRequest.tabletop(
                            SERVICE,
                            List.of(new TabletopStep("promote {standby}", "dba", 60_000)))))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining(
            "steps[0].name 'promote {standby}' names {standby}: a step names sites with {source},"
                + " {target} or {replica}");
    verify(service, never()).admit(any());
  }
}
