package dev.standby.workflows.failover;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.fenced;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.promoted;
import static dev.standby.workflows.TestFixtures.readOnly;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.served;
import static dev.standby.workflows.TestFixtures.spec;
import static dev.standby.workflows.TestFixtures.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.standby.activities.ComputeActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.compute.ScaleResult;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.ResyncResult.Method;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.failover.StandbyReadings;
import dev.standby.model.service.Admission;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class FailoverWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), FailoverWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final DatabaseHostActivities host = mockActivity(DatabaseHostActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);
  private final ServiceActivities services = TestFixtures.admittingService();
  private final ComputeActivities compute = mockActivity(ComputeActivities.class);
  private final Map<String, Integer> onB = Map.of("site-a", 0, "site-b", 100);

  @BeforeEach
  void healthyLab(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(
        topology, health, database, traffic, notify, compute, services);
    TestFixtures.onSiteHosts(env, host);
    env.start();
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(health.liveness(SERVICE, "site-b")).thenReturn(readOnly("site-b"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replica("site-b", 0));
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(primary("site-a"));
    when(host.fence(SERVICE, "site-a")).thenReturn(fenced("site-a"));
    when(database.awaitReplay(SERVICE, "site-b", "0/3000200")).thenReturn(replica("site-b", 0));
    when(database.promote(SERVICE, "site-b")).thenReturn(promoted("site-b"));
    when(host.resyncAsReplica(SERVICE, "site-a", "site-b"))
        .thenReturn(new ResyncResult("site-a", "site-b", Method.ALREADY_STREAMING, "0/3000300", 5));
    when(host.isolate(SERVICE, "site-a", "site-b"))
        .thenReturn(new IsolationResult("site-a", 0, true, "no server ran; left standby.signal"));
    when(traffic.weights(SERVICE)).thenReturn(Map.of("site-a", 100, "site-b", 0));
    when(traffic.setWeights(SERVICE, onB)).thenReturn(onB);
    when(traffic.verifyServing(SERVICE, "site-b", 20))
        .thenAnswer(inv -> served("site-b", env.currentTimeMillis()));
    this.env = env;
  }

  private TestWorkflowEnvironment env;

  private FailoverWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        FailoverWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.failover(SERVICE))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  @Test
  void plannedFailoverFencesWaitsForTheLastLsnThenPromotesMovesAndVerifies(
      WorkflowClient client, Worker worker) {
    FailoverResult result =
        stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test"));

    InOrder order = inOrder(database, host, traffic);
    order.verify(host).fence(SERVICE, "site-a");
    order.verify(database).awaitReplay(SERVICE, "site-b", "0/3000200");
    order.verify(database).promote(SERVICE, "site-b");
    order.verify(traffic).setWeights(SERVICE, onB);
    order.verify(traffic).verifyServing(SERVICE, "site-b", 20);
    assertThat(result.sourceSite()).isEqualTo("site-a");
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
    assertThat(result.dataLoss().sourceFinalLsn()).isEqualTo("0/3000200");
    assertThat(result.weights()).isEqualTo(onB);
    assertThat(result.steps())
        .extracting(StepRecord::name)
        .containsExactly(
            "resolve-service",
            "admit",
            "check-target",
            "fence-source",
            "await-replay",
            "promote-target",
            "move-traffic",
            "verify-traffic",
            "reprotect-source");
    assertThat(result.steps())
        .allMatch(s -> s.status() == StepStatus.COMPLETED && s.endedAtMillis() != null);
    // No incident time given: the RTO clock starts with the workflow and stops at the first request
    // B served.
    assertThat(result.rtoMillis())
        .isEqualTo(result.verification().firstServedByExpectedAtMillis() - result.startedAtMillis())
        // Mocked activities answer at once; the bound only catches a clock mix-up (seconds vs
        // millis, epoch 0),
        // not speed: a loaded CI box took 2 s here.
        .isBetween(0L, 60_000L);
  }

  @Test
  void aTargetWithAComputeGroupIsScaledUpBeforeAnythingIsFencedAndOthersAreLeftAlone(
      WorkflowClient client, Worker worker) {
    ServiceSpec s = spec();
    when(topology.describeService(SERVICE))
        .thenReturn(
            new ServiceSpec(
                s.name(),
                s.sites(),
                s.primarySite(),
                s.rtoMillis(),
                s.rpoMillis(),
                s.monitorIntervalMillis(),
                s.monitorFailureThreshold(),
                s.verifyRequests(),
                s.failback(),
                s.notifications(),
                List.of("site-b")));
    when(compute.scaleUp(SERVICE, "site-b"))
        .thenReturn(new ScaleResult("site-b", "payments-app-b", 1, 4));

    FailoverResult result =
        stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test"));

    InOrder order = inOrder(compute, database, host);
    order.verify(compute).scaleUp(SERVICE, "site-b");
    order.verify(host).fence(SERVICE, "site-a");
    verify(compute, never()).scaleDown(anyString(), anyString());
    assertThat(result.steps())
        .filteredOn(step -> step.name().equals("scale-up-target"))
        .singleElement()
        .satisfies(
            step -> assertThat(step.detail()).isEqualTo("payments-app-b desired capacity 1 -> 4"));
  }

  @Test
  void withoutComputeGroupsNothingIsScaled(WorkflowClient client, Worker worker) {
    stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test"));

    verifyNoInteractions(compute);
  }

  @Test
  void unplannedFailoverPromotesWithoutWaitingAndRecordsWhatTheReplicaHad(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));
    long incident = env.currentTimeMillis() - 3_000;
    FailoverResult result =
        stub(client, worker)
            .failover(FailoverRequest.unplanned(SERVICE, "site-b", "primary down", incident));

    verify(database, never()).awaitReplay(anyString(), anyString(), anyString());
    verify(host, never()).fence(anyString(), anyString());
    verify(database).promote(SERVICE, "site-b");
    assertThat(result.dataLoss().zeroLossProven()).isFalse();
    assertThat(result.dataLoss().targetReplayLsn()).isEqualTo("0/3000200");
    assertThat(result.dataLoss().lastReplayedCommitMillis()).isEqualTo(1_500L);
    assertThat(result.rtoMillis())
        .isEqualTo(result.verification().firstServedByExpectedAtMillis() - incident)
        .isGreaterThanOrEqualTo(3_000L);
  }

  @Test
  void anUnplannedFailoverMovesTheTrafficWhileTheTargetPromotes(
      WorkflowClient client, Worker worker) throws Exception {
    CountDownLatch trafficMoved = new CountDownLatch(1);
    when(traffic.setWeights(SERVICE, onB))
        .thenAnswer(
            inv -> {
              trafficMoved.countDown();
              return onB;
            });
    // The promotion answers only once the weights have moved: a failover that waited for the
    // promotion before moving the traffic would never see them move (and fail this test in 10 s).
    when(database.promote(SERVICE, "site-b"))
        .thenAnswer(
            inv -> {
              if (!trafficMoved.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the traffic did not move during the promotion");
              }
              return promoted("site-b");
            });

    FailoverResult result =
        stub(client, worker)
            .failover(
                FailoverRequest.unplanned(SERVICE, "site-b", "app down", env.currentTimeMillis()));

    assertThat(result.weights()).isEqualTo(onB);
    InOrder order = inOrder(host, traffic);
    order.verify(host).fence(SERVICE, "site-a");
    order.verify(traffic).setWeights(SERVICE, onB);
    assertThat(result.steps())
        .extracting(StepRecord::name)
        .containsSubsequence("fence-source", "promote-target", "move-traffic", "verify-traffic");
  }

  @Test
  void aPlannedFailoverMovesTheTrafficOnlyOnceTheTargetIsPromoted(
      WorkflowClient client, Worker worker) {
    stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "maintenance"));

    InOrder order = inOrder(database, traffic);
    order.verify(database).promote(SERVICE, "site-b");
    order.verify(traffic).setWeights(SERVICE, onB);
  }

  @Test
  void theOldPrimaryIsReprotectedWhileTheFrontDoorIsVerified(WorkflowClient client, Worker worker) {
    CountDownLatch verifying = new CountDownLatch(1);
    when(traffic.verifyServing(SERVICE, "site-b", 20))
        .thenAnswer(
            inv -> {
              verifying.countDown();
              return served("site-b", env.currentTimeMillis());
            });
    // Answers only once the verification has begun: run one after the other, this would fail.
    when(host.resyncAsReplica(SERVICE, "site-a", "site-b"))
        .thenAnswer(
            inv -> {
              if (!verifying.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not reprotected during the verification");
              }
              return new ResyncResult("site-a", "site-b", Method.ALREADY_STREAMING, "0/3000300", 5);
            });

    FailoverResult result =
        stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "maintenance"));

    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("reprotect-source"))
        .singleElement()
        .satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.COMPLETED));
    verify(services).finish(argThat(r -> r.oldPrimaryProtected()));
  }

  @Test
  void theMonitorsFreshReadingsAreUsedInsteadOfAskingTheStandbysAgain(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));
    long now = env.currentTimeMillis();
    StandbyReadings readings =
        new StandbyReadings(
            "site-a",
            now - 800,
            Map.of("site-b", readOnly("site-b")),
            Map.of("site-b", replica("site-b", 0)),
            Map.of("site-a", 100, "site-b", 0));

    FailoverResult result =
        stub(client, worker).failover(monitorsFailover(now - 3_000).withReadings(readings));

    verify(health, never()).liveness(anyString(), anyString());
    verify(database, never()).replicationStatus(SERVICE, "site-b");
    verify(traffic, never()).weights(anyString());
    verify(database).replicationStatus(SERVICE, "site-a"); // fencing needs the source as it is now
    assertThat(result.targetSite()).isEqualTo("site-b");
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("elect-target"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.detail())
                    .containsPattern("\\(\\d+ ms old readings from the health monitor\\)"));
  }

  @Test
  void readingsOlderThanTheirFreshnessAreAskedAgain(WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));
    long now = env.currentTimeMillis();
    StandbyReadings stale =
        new StandbyReadings(
            "site-a",
            now - StandbyReadings.FRESH_FOR_MILLIS - 1_000,
            Map.of("site-b", readOnly("site-b")),
            Map.of("site-b", replica("site-b", 0)),
            Map.of("site-a", 100, "site-b", 0));

    FailoverResult result =
        stub(client, worker).failover(monitorsFailover(now - 9_000).withReadings(stale));

    verify(health).liveness(SERVICE, "site-b");
    verify(database).replicationStatus(SERVICE, "site-b");
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("elect-target"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).doesNotContain("readings from the health monitor"));
  }

  @Test
  void readingsOfAnotherSourceAreNotUsed(WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));
    long now = env.currentTimeMillis();
    StandbyReadings ofSiteB =
        new StandbyReadings(
            "site-b",
            now,
            Map.of("site-a", readOnly("site-a")),
            Map.of("site-a", replica("site-a", 0)),
            Map.of("site-a", 0, "site-b", 100));

    stub(client, worker).failover(monitorsFailover(now).withReadings(ofSiteB));

    verify(health).liveness(SERVICE, "site-b");
    verify(database).promote(SERVICE, "site-b");
  }

  /** The failover a service's own health monitor starts: it names the source and elects. */
  private static FailoverRequest monitorsFailover(long firstFailureAtMillis) {
    return new FailoverRequest(
        SERVICE,
        null,
        FailoverMode.UNPLANNED,
        "site-a",
        "3 consecutive failed health probes",
        "health-monitor",
        firstFailureAtMillis);
  }

  @Test
  void unplannedFailoverFencesAnOldPrimaryThatStillAnswers(WorkflowClient client, Worker worker) {
    stub(client, worker)
        .failover(
            FailoverRequest.unplanned(SERVICE, "site-b", "app down", env.currentTimeMillis()));

    InOrder order = inOrder(database, host);
    order.verify(host).fence(SERVICE, "site-a");
    order.verify(database).promote(SERVICE, "site-b");
  }

  @Test
  void anUnhealthyTargetFailsTypedAndLeavesEverythingAsItWas(WorkflowClient client, Worker worker) {
    when(health.liveness(SERVICE, "site-b")).thenReturn(TestFixtures.down("site-b"));

    assertFailsWith(
        FailureType.TARGET_UNHEALTHY,
        () -> stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test")));
    verify(host, never()).fence(anyString(), anyString());
    verify(database, never()).promote(anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), anyMap());
  }

  @Test
  void aTargetThatIsNotAReplicaIsRefused(WorkflowClient client, Worker worker) {
    when(health.liveness(SERVICE, "site-b")).thenReturn(healthy("site-b"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(primary("site-b"));

    assertFailsWith(
        FailureType.TARGET_NOT_REPLICA,
        () -> stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test")));
    verify(database, never()).promote(anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), anyMap());
  }

  @Test
  void aPlannedFailoverRefusesAReplicaLaggingBeyondTheRpo(WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replica("site-b", 60_000));

    assertFailsWith(
        FailureType.REPLICATION_LAG_EXCEEDS_RPO,
        () -> stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test")));
    verify(host, never()).fence(anyString(), anyString());
  }

  @Test
  void aPlannedFailoverOfAPrimaryThatIsDownIsRefusedBeforeAnyChange(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));

    assertFailsWith(
        FailureType.SOURCE_NOT_PRIMARY,
        () -> stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test")));
    verify(host, never()).fence(anyString(), anyString());
    verify(database, never()).promote(anyString(), anyString());
  }

  @Test
  void anUnknownServiceOrSiteFailsTyped(WorkflowClient client, Worker worker) {
    when(topology.describeService("nope"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "unknown service 'nope'", FailureType.UNKNOWN_SERVICE.type()));

    assertFailsWith(
        FailureType.UNKNOWN_SERVICE,
        () -> stub(client, worker).failover(FailoverRequest.planned("nope", "site-b", "test")));
  }

  @Test
  void anUnknownSiteFailsTypedBeforeAnyChange(WorkflowClient client, Worker worker) {
    assertFailsWith(
        FailureType.UNKNOWN_SITE,
        () -> stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-z", "test")));
    verify(health, never()).probe(anyString(), anyString());
  }

  @Test
  void withoutATargetTheServicesBestStandbyTakesOverFromItsCurrentPrimary(
      WorkflowClient client, Worker worker) {
    FailoverResult result =
        stub(client, worker)
            .failover(
                new FailoverRequest(SERVICE, null, FailoverMode.PLANNED, null, null, null, null));

    assertThat(result.sourceSite()).isEqualTo("site-a");
    assertThat(result.targetSite()).isEqualTo("site-b");
    verify(services)
        .finish(argThat(r -> "site-b".equals(r.primarySite()) && r.oldPrimaryProtected()));
  }

  @Test
  void withoutANamedSourceEverySiteIsReadWhileTheAdmissionIsOut(
      WorkflowClient client, Worker worker) {
    FailoverResult result =
        failoverReadingDuringAdmission(
            client,
            worker,
            new FailoverRequest(SERVICE, null, FailoverMode.PLANNED, null, null, null, null));

    assertThat(result.sourceSite()).isEqualTo("site-a");
    assertThat(result.targetSite()).isEqualTo("site-b");
    // The primary's reading from that round is the one the switchover checks: not asked again.
    verify(database, times(1)).replicationStatus(SERVICE, "site-a");
  }

  @Test
  void aRegionPlansFailoverReadsItsStandbysWhileTheAdmissionIsOut(
      WorkflowClient client, Worker worker) {
    // As a region plan asks: the source named, no target, no monitor's readings.
    FailoverResult result =
        failoverReadingDuringAdmission(
            client,
            worker,
            new FailoverRequest(
                SERVICE,
                null,
                FailoverMode.UNPLANNED,
                "site-a",
                "region/site-a",
                "region plan",
                env.currentTimeMillis()));

    assertThat(result.targetSite()).isEqualTo("site-b");
    verify(database, times(1)).replicationStatus(SERVICE, "site-b");
  }

  /**
   * Runs {@code request} with an admission that answers only once the source's database and the
   * standby (liveness and database) were read: a failover that waited for the admission before
   * reading them would never see them read, and fails in 10 s.
   */
  private FailoverResult failoverReadingDuringAdmission(
      WorkflowClient client, Worker worker, FailoverRequest request) {
    CountDownLatch read = new CountDownLatch(3);
    when(database.replicationStatus(SERVICE, "site-a"))
        .thenAnswer(
            inv -> {
              read.countDown();
              return primary("site-a");
            });
    when(database.replicationStatus(SERVICE, "site-b"))
        .thenAnswer(
            inv -> {
              read.countDown();
              return replica("site-b", 0);
            });
    when(health.liveness(SERVICE, "site-b"))
        .thenAnswer(
            inv -> {
              read.countDown();
              return readOnly("site-b");
            });
    when(services.admit(any()))
        .thenAnswer(
            inv -> {
              if (!read.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the sites were not read during the admission");
              }
              return Admission.admit(TestFixtures.serviceState("site-a"), null);
            });
    return stub(client, worker).failover(request);
  }

  @Test
  void theServiceIsToldHowTheRunEndedWhileTheLastMessagePosts(
      WorkflowClient client, Worker worker) {
    CountDownLatch lastMessage = new CountDownLatch(1);
    doAnswer(
            inv -> {
              if (inv.<String>getArgument(1).contains("completed")) {
                lastMessage.countDown();
              }
              return null;
            })
        .when(notify)
        .post(eq(SERVICE), anyString());
    java.util.concurrent.atomic.AtomicBoolean toldDuringPost =
        new java.util.concurrent.atomic.AtomicBoolean();
    doAnswer(
            inv -> {
              toldDuringPost.set(lastMessage.await(10, TimeUnit.SECONDS));
              return null;
            })
        .when(services)
        .finish(any());

    stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "maintenance"));

    assertThat(toldDuringPost)
        .as("the service was told while the channel's last message was out")
        .isTrue();
  }

  @Test
  void aRunTheServiceRefusesChangesNothingAndNamesWhatHoldsTheService(
      WorkflowClient client, Worker worker) {
    when(services.admit(any()))
        .thenReturn(
            Admission.refuse(
                TestFixtures.serviceState("site-a"),
                null,
                "payments is busy: drill drill/payments requested by alice (planned)"));

    assertThatThrownBy(
            () -> stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("drill/payments requested by alice");
    verify(host, never()).fence(anyString(), anyString());
    verify(database, never()).promote(anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), any());
    verify(services, never()).finish(any());
  }

  @Test
  void anUnplannedFailoverIsolatesAnUnreachableOldPrimaryBeforeItPromotes(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a"))
        .thenReturn(
            new ReplicationStatus(
                "site-a", DatabaseRole.UNREACHABLE, null, null, null, null, false, "timed out"));

    FailoverResult result =
        stub(client, worker)
            .failover(
                FailoverRequest.unplanned(SERVICE, "site-b", "down", env.currentTimeMillis()));

    InOrder order = inOrder(database, host);
    order.verify(host).isolate(SERVICE, "site-a", "site-b");
    order.verify(database).promote(SERVICE, "site-b");
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("fence-source"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("left standby.signal"));
    verify(services)
        .finish(
            argThat(
                r ->
                    "site-b".equals(r.primarySite())
                        && !r.oldPrimaryProtected()
                        && "UNPLANNED".equals(r.subtype())));
  }

  @Test
  void whenCatchUpFailsTheOldPrimaryIsUnfencedAndTrafficStays(
      WorkflowClient client, Worker worker) {
    when(database.awaitReplay(SERVICE, "site-b", "0/3000200"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "replica stopped replaying", "REPLICA_BROKEN"));

    FailoverWorkflow workflow = stub(client, worker);
    assertThatThrownBy(() -> workflow.failover(FailoverRequest.planned(SERVICE, "site-b", "test")))
        .isInstanceOf(WorkflowFailedException.class);
    verify(host).unfence(SERVICE, "site-a");
    verify(database, never()).promote(anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), anyMap());
    assertThat(WorkflowStub.fromTyped(workflow).getExecution()).isNotNull();
    FailoverWorkflow sameRun =
        client.newWorkflowStub(FailoverWorkflow.class, WorkflowIds.failover(SERVICE));
    assertThat(sameRun.progress().timeline())
        .extracting(StepRecord::name, StepRecord::status)
        .contains(
            org.assertj.core.groups.Tuple.tuple("await-replay", StepStatus.FAILED),
            org.assertj.core.groups.Tuple.tuple("unfence-source", StepStatus.COMPENSATED));
    assertThat(sameRun.progress().state()).isEqualTo("FAILED");
  }

  @Test
  void aReplicaThatNeverCatchesUpGivesTheOldPrimaryItsWritesBackWithinMinutes(
      WorkflowClient client, Worker worker) {
    when(database.awaitReplay(SERVICE, "site-b", "0/3000200"))
        .thenThrow(new IllegalStateException("still at 0/3000100"));

    FailoverWorkflow workflow = stub(client, worker);
    assertThatThrownBy(() -> workflow.failover(FailoverRequest.planned(SERVICE, "site-b", "test")))
        .isInstanceOf(WorkflowFailedException.class);

    // Writes are fenced while the catch-up retries: its schedule bounds that to two minutes, not
    // half an hour.
    var catchUp =
        client.fetchHistory(WorkflowIds.failover(SERVICE)).getHistory().getEventsList().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .map(e -> e.getActivityTaskScheduledEventAttributes())
            .filter(a -> a.getActivityType().getName().equals("DatabaseAwaitReplay"))
            .findFirst()
            .orElseThrow();
    assertThat(catchUp.getScheduleToCloseTimeout().getSeconds())
        .isEqualTo(Duration.ofMinutes(2).toSeconds());
    assertThat(catchUp.getHeartbeatTimeout().getSeconds()).isEqualTo(5);
    verify(host).unfence(SERVICE, "site-a");
    verify(database, never()).promote(anyString(), anyString());
  }

  @Test
  void aTransientPromotionErrorIsRetriedWithBackoff(WorkflowClient client, Worker worker) {
    when(database.promote(SERVICE, "site-b"))
        .thenThrow(new IllegalStateException("connection reset"))
        .thenReturn(promoted("site-b"));

    FailoverResult result =
        stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test"));

    verify(database, times(2)).promote(SERVICE, "site-b");
    assertThat(result.targetSite()).isEqualTo("site-b");
  }

  @Test
  void aSecondFailoverOfTheSameServiceIsRefusedWhileOneRuns(WorkflowClient client, Worker worker)
      throws Exception {
    CountDownLatch probing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    when(health.liveness(SERVICE, "site-b"))
        .thenAnswer(
            inv -> {
              probing.countDown();
              release.await(10, TimeUnit.SECONDS);
              return readOnly("site-b");
            });
    FailoverWorkflow first = stub(client, worker);
    WorkflowClient.start(first::failover, FailoverRequest.planned(SERVICE, "site-b", "first"));
    assertThat(probing.await(10, TimeUnit.SECONDS)).isTrue();

    FailoverWorkflow second = stub(client, worker);
    assertThatThrownBy(
            () ->
                WorkflowClient.start(
                    second::failover, FailoverRequest.planned(SERVICE, "site-b", "second")))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    assertThat(first.progress().currentStep()).isEqualTo("check-target");
    release.countDown();
    assertThat(WorkflowStub.fromTyped(first).getResult(FailoverResult.class).targetSite())
        .isEqualTo("site-b");
    verify(database, times(1)).promote(SERVICE, "site-b");
  }

  private static void assertFailsWith(FailureType type, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.getType()).isEqualTo(type.type()));
  }
}
