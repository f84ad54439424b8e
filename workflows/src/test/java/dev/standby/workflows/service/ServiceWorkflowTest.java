package dev.standby.workflows.service;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.spec;
import static dev.standby.workflows.TestFixtures.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceRunRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.monitor.HealthMonitorWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServiceWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              ServiceWorkflowImpl.class,
              HealthMonitorWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final DatabaseHostActivities host = mockActivity(DatabaseHostActivities.class);
  private final ServiceActivities runs = mockActivity(ServiceActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);

  /** What every site's database says when the service reads them; tests change it. */
  private final AtomicReference<List<SiteObservation>> world =
      new AtomicReference<>(aPrimaryAndAStreamingReplica("site-a", "site-b"));

  private TestWorkflowEnvironment env;
  private ServiceWorkflow service;

  @BeforeEach
  void start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.env = env;
    worker.registerActivitiesImplementations(topology, database, runs, notify, health);
    TestFixtures.onSiteHosts(env, host);
    env.start();
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(database.observe(SERVICE)).thenAnswer(i -> world.get());
    when(runs.isOpen(anyString(), any())).thenReturn(true);
    when(runs.current(SERVICE)).thenAnswer(i -> service.state());
    when(health.probe(eq(SERVICE), anyString())).thenAnswer(i -> healthy(i.getArgument(1)));
    service =
        client.newWorkflowStub(
            ServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.service(SERVICE))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(service::run, new ServiceRunRequest(SERVICE, 2_000L, false, null));
    awaitState(s -> s.protectedNow());
  }

  @Test
  void itStartsFromTheTopologyAndSaysWhoProtectsIt() {
    ServiceState state = service.state();

    assertThat(state.primarySite()).isEqualTo("site-a");
    assertThat(state.protection()).isEqualTo("site-b streams from site-a");
    assertThat(state.site("site-b").follows()).isEqualTo("site-a");
    assertThat(state.site("site-b").condition()).isEqualTo(SiteCondition.HEALTHY);
    assertThat(state.site("site-a").writable()).isTrue();
  }

  @Test
  void oneOperationAtATimeWhateverItsKind() {
    Admission drill = service.admit(request(OperationKind.DRILL, "drill/payments", true, null));
    Admission backup = service.admit(request(OperationKind.BACKUP, "backup/payments", false, null));

    assertThat(drill.admitted()).isTrue();
    assertThat(backup.admitted()).isFalse();
    assertThat(backup.refusal()).contains("payments is busy: drill drill/payments");
    assertThat(backup.running().workflowId()).isEqualTo("drill/payments");
    assertThat(service.state().operation().workflowId()).isEqualTo("drill/payments");

    service.finish(ended(OperationKind.DRILL, "drill/payments", OperationOutcome.COMPLETED));
    awaitState(s -> s.operation() == null);
    assertThat(
            service.admit(request(OperationKind.BACKUP, "backup/payments", false, null)).admitted())
        .isTrue();
    assertThat(service.state().history())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.workflowId()).isEqualTo("drill/payments");
              assertThat(e.outcome()).isEqualTo(OperationOutcome.COMPLETED);
            });
  }

  @Test
  void askingAgainForTheSameRunGetsTheSameAnswer() {
    AdmissionRequest failover = request(OperationKind.FAILOVER, "failover/payments", true, null);

    assertThat(service.admit(failover).admitted()).isTrue();
    assertThat(service.admit(failover).admitted()).isTrue();
  }

  @Test
  void aDrillsOwnFailoverIsAdmittedInsideIt() {
    service.admit(request(OperationKind.DRILL, "drill/payments", true, null));

    Admission inner =
        service.admit(
            request(OperationKind.FAILOVER, "failover/payments", false, "drill/payments"));

    assertThat(inner.admitted()).isTrue();
    assertThat(service.state().operation().workflowId()).isEqualTo("drill/payments");
  }

  @Test
  void anUnplannedFailoverPreemptsABackupButNotAFailback() {
    service.admit(request(OperationKind.BACKUP, "backup/payments", false, null));

    Admission failover =
        service.admit(request(OperationKind.FAILOVER, "failover/payments", false, null));

    assertThat(failover.admitted()).isTrue();
    assertThat(failover.preempted()).isEqualTo("backup/payments");
    verify(runs).cancelRun(eq("backup/payments"), contains("preempted by failover/payments"));
    assertThat(service.state().history())
        .anySatisfy(
            e -> {
              assertThat(e.workflowId()).isEqualTo("backup/payments");
              assertThat(e.outcome()).isEqualTo(OperationOutcome.PREEMPTED);
            });

    service.finish(ended(OperationKind.FAILOVER, "failover/payments", OperationOutcome.FAILED));
    awaitState(s -> s.operation() == null);
    service.admit(request(OperationKind.FAILBACK, "failback/payments", true, null));
    assertThat(
            service
                .admit(request(OperationKind.FAILOVER, "failover/payments", false, null))
                .admitted())
        .isFalse();
  }

  @Test
  void aFailoverMovesThePrimaryAndTheOldOneIsProtectedOrMarked() {
    service.admit(request(OperationKind.FAILOVER, "failover/payments", true, null));
    assertThat(service.state().site("site-a").condition()).isEqualTo(SiteCondition.FAILING_OVER);

    world.set(aPrimaryAndAStreamingReplica("site-b", "site-a"));
    service.finish(
        ended(OperationKind.FAILOVER, "failover/payments", OperationOutcome.COMPLETED)
            .subtype("PLANNED")
            .moved("site-a", "site-b", true)
            .measured(1_500L, null, 0L));

    ServiceState state = awaitState(s -> "site-b".equals(s.primarySite()) && s.protectedNow());
    assertThat(state.site("site-a").condition()).isEqualTo(SiteCondition.HEALTHY);
    assertThat(state.site("site-a").follows()).isEqualTo("site-b");
    assertThat(state.history())
        .last()
        .satisfies(
            e -> {
              assertThat(e.fromSite()).isEqualTo("site-a");
              assertThat(e.toSite()).isEqualTo("site-b");
              assertThat(e.rtoMillis()).isEqualTo(1_500L);
              assertThat(e.subtype()).isEqualTo("PLANNED");
            });
  }

  @Test
  void anOldPrimaryThatComesBackWritableIsFencedAndMarkedForResync() {
    service.admit(request(OperationKind.FAILOVER, "failover/payments", false, null));
    world.set(List.of(observed(unreachable("site-a"), null, false), observed(primary("site-b"))));
    service.finish(
        ended(OperationKind.FAILOVER, "failover/payments", OperationOutcome.COMPLETED)
            .subtype("UNPLANNED")
            .moved("site-a", "site-b", false));
    awaitState(s -> s.site("site-a").condition() == SiteCondition.FAILED_OVER);
    when(host.isolate(SERVICE, "site-a", "site-b"))
        .thenReturn(new IsolationResult("site-a", 7, true, "killed 7 server processes"));

    // The frozen primary resumes: two writable primaries.
    world.set(List.of(observed(primary("site-a")), observed(primary("site-b"))));
    env.sleep(Duration.ofSeconds(3));

    verify(host, timeout(10_000)).isolate(SERVICE, "site-a", "site-b");
    ServiceState state =
        awaitState(s -> s.site("site-a").condition() == SiteCondition.NEEDS_RESYNC);
    assertThat(state.primarySite()).isEqualTo("site-b");
    assertThat(state.alarms()).anySatisfy(a -> assertThat(a).contains("two writable primaries"));
    assertThat(state.history())
        .anySatisfy(e -> assertThat(e.what()).isEqualTo("fence"))
        .anySatisfy(e -> assertThat(e.what()).isEqualTo("alarm"));
    verify(notify, atLeastOnce()).post(eq(SERVICE), contains("two writable primaries"));
  }

  @Test
  void noFenceWhileAFailoverRunsNorWhenTheRecordedPrimaryDoesNotTakeWrites() {
    service.admit(request(OperationKind.FAILOVER, "failover/payments", false, null));
    world.set(List.of(observed(primary("site-a")), observed(primary("site-b"))));
    env.sleep(Duration.ofSeconds(6));
    service.finish(ended(OperationKind.FAILOVER, "failover/payments", OperationOutcome.FAILED));
    world.set(List.of(observed(unreachable("site-a"), null, false), observed(primary("site-b"))));
    env.sleep(Duration.ofSeconds(6));

    verify(host, never()).isolate(anyString(), anyString(), anyString());
    verify(host, never()).fence(anyString(), anyString());
    assertThat(service.state().site("site-b").detail())
        .isEqualTo("a writable primary besides the recorded site-a");
  }

  @Test
  void aScheduledDrillOfAnUnprotectedServiceIsRefusedAndSaysWhy() {
    world.set(List.of(observed(primary("site-a")), observed(unreachable("site-b"), null, false)));
    awaitState(s -> !s.protectedNow());

    Admission drill =
        service.admit(
            new AdmissionRequest(
                SERVICE,
                OperationKind.DRILL,
                "drill/payments",
                "r1",
                true,
                true,
                "schedule",
                null));

    assertThat(drill.admitted()).isFalse();
    assertThat(drill.refusal())
        .contains("is not protected")
        .contains("site-b database unreachable");
  }

  @Test
  void aScheduledPracticeOfAnUnprotectedServiceIsAdmittedForItMovesNothing() {
    world.set(List.of(observed(primary("site-a")), observed(unreachable("site-b"), null, false)));
    awaitState(s -> !s.protectedNow());

    // A practice (like a tabletop) is admitted unplanned: it never fails the service over, so it
    // needs nowhere to come back to, and the monitor keeps watching while it runs.
    Admission practice =
        service.admit(
            new AdmissionRequest(
                SERVICE,
                OperationKind.DRILL,
                "drill/payments",
                "r1",
                false,
                true,
                "schedule",
                null));

    assertThat(practice.admitted()).isTrue();
  }

  @Test
  void aRunThatClosedWithoutReportingNoLongerHoldsTheService() {
    service.admit(request(OperationKind.BACKUP, "backup/payments", false, null));
    when(runs.isOpen("backup/payments", "run-1")).thenReturn(false);

    env.sleep(Duration.ofSeconds(40));

    ServiceState state = awaitState(s -> s.operation() == null);
    assertThat(state.history())
        .last()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationOutcome.ABANDONED));
  }

  @Test
  void theMonitorWatchesTheCurrentPrimaryAndPausesForAPlannedOperation() {
    service.watch(true);
    verify(health, timeout(10_000).atLeastOnce()).probe(SERVICE, "site-a");

    service.admit(request(OperationKind.FAILOVER, "failover/payments", true, null));
    world.set(aPrimaryAndAStreamingReplica("site-b", "site-a"));
    service.finish(
        ended(OperationKind.FAILOVER, "failover/payments", OperationOutcome.COMPLETED)
            .moved("site-a", "site-b", true));
    awaitState(s -> "site-b".equals(s.primarySite()));
    env.sleep(Duration.ofSeconds(3));

    verify(health, timeout(10_000).atLeastOnce()).probe(SERVICE, "site-b");
    assertThat(service.state().watching()).isTrue();
  }

  @Test
  void onAFreshStartItFollowsTheWorldWhenTheFileNamesTheWrongPrimary(
      WorkflowClient client, Worker worker) {
    world.set(aPrimaryAndAStreamingReplica("site-b", "site-a"));
    ServiceWorkflow other =
        client.newWorkflowStub(
            ServiceWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("service/other")
                .setTaskQueue(worker.getTaskQueue())
                .build());
    when(topology.describeService("other"))
        .thenReturn(
            new dev.standby.model.ServiceSpec(
                "other",
                List.of("site-a", "site-b"),
                "site-a",
                30_000,
                5_000,
                1_000,
                3,
                20,
                null,
                null,
                null));
    when(database.observe("other")).thenAnswer(i -> world.get());
    WorkflowClient.start(other::run, new ServiceRunRequest("other", 2_000L, false, null));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> other.state() != null && "site-b".equals(other.state().primarySite()));
  }

  @Test
  void itContinuesAsNewWithItsStateIntact(WorkflowClient client) {
    service.admit(request(OperationKind.DRILL, "drill/payments", true, null));
    service.finish(ended(OperationKind.DRILL, "drill/payments", OperationOutcome.COMPLETED));
    awaitState(s -> s.operation() == null);

    env.sleep(Duration.ofSeconds(2L * ServiceWorkflowImpl.TICKS_PER_RUN + 10));
    // On a loaded machine the skipped clock can run ahead of the run's ticks: keep advancing it
    // (a minute at a time, 60 s of real time at most) until the run has continued as new.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var first =
                  client.fetchHistory(WorkflowIds.service(SERVICE)).getHistory().getEvents(0);
              if (first
                  .getWorkflowExecutionStartedEventAttributes()
                  .getContinuedExecutionRunId()
                  .isEmpty()) {
                env.sleep(Duration.ofMinutes(1));
                return false;
              }
              return true;
            });

    var firstEvent = client.fetchHistory(WorkflowIds.service(SERVICE)).getHistory().getEvents(0);
    assertThat(firstEvent.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId())
        .as("the run now is a continuation")
        .isNotEmpty();
    ServiceState state = service.state();
    assertThat(state.history())
        .singleElement()
        .satisfies(e -> assertThat(e.workflowId()).isEqualTo("drill/payments"));
    assertThat(state.protectedNow()).isTrue();
  }

  private ServiceState awaitState(java.util.function.Predicate<ServiceState> condition) {
    AtomicReference<ServiceState> seen = new AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ServiceState s = service.state();
              seen.set(s);
              return s != null && condition.test(s);
            });
    return seen.get();
  }

  private static AdmissionRequest request(
      OperationKind kind, String workflowId, boolean planned, String onBehalfOf) {
    return new AdmissionRequest(
        SERVICE, kind, workflowId, "run-1", planned, false, "alice", onBehalfOf);
  }

  private static OperationReport ended(
      OperationKind kind, String workflowId, OperationOutcome outcome) {
    return OperationReport.ended(
        new AdmissionRequest(SERVICE, kind, workflowId, "run-1", false, false, "alice", null),
        outcome,
        "test");
  }

  private static List<SiteObservation> aPrimaryAndAStreamingReplica(
      String primary, String replica) {
    return List.of(observed(primary(primary)), observed(replica(replica, 0), primary, true));
  }

  private static SiteObservation observed(ReplicationStatus status) {
    return new SiteObservation(status, null, false, null);
  }

  private static SiteObservation observed(
      ReplicationStatus status, String upstream, boolean streaming) {
    return new SiteObservation(status, upstream, streaming, null);
  }
}
