package dev.standby.workflows.drill;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.replica;
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
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseCloneActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.IsolatedAppActivities;
import dev.standby.activities.ReportActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.FailureType;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.health.CheckResult;
import dev.standby.model.practice.CloneRecord;
import dev.standby.model.practice.FrontDoorSample;
import dev.standby.model.practice.IsolatedApp;
import dev.standby.model.practice.IsolatedServing;
import dev.standby.model.practice.PracticeSpec;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationOutcome;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The practice drill's workflow logic with mocked activities: what it measures, that production
 * must be shown unchanged for it to pass, that clone and app are removed on failure and on
 * cancellation, and how its service admits it (unplanned: the monitor keeps watching).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PracticeDrillWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), DrillWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final DatabaseHostActivities host = mockActivity(DatabaseHostActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final WriteLoadActivities load = mockActivity(WriteLoadActivities.class);
  private final DatabaseCloneActivities clones = mockActivity(DatabaseCloneActivities.class);
  private final IsolatedAppActivities apps = mockActivity(IsolatedAppActivities.class);
  private final ReportActivities reports = mockActivity(ReportActivities.class);
  private final ServiceActivities service =
      ServiceFixtures.admitting(TestFixtures.serviceState("site-a"));
  private String taskQueue;

  @BeforeEach
  void setUp() {
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
    when(topology.describePractice(SERVICE))
        .thenReturn(new PracticeSpec(true, 2, 60_000, 5_000, 10));
    when(health.probe(SERVICE, "site-a")).thenReturn(healthy("site-a"));
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(primary("site-a"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replica("site-b", 0));
    when(database.observe(SERVICE))
        .thenReturn(
            List.of(
                new SiteObservation(primary("site-a"), null, false, true),
                new SiteObservation(replica("site-b", 40), "site-a", true, true)));
    when(traffic.weights(SERVICE)).thenReturn(Map.of("site-a", 100, "site-b", 0));
    measures(sample(0, 80, 90), sample(0, 80, 90));
    when(clones.create(eq(SERVICE), eq("site-b"), eq("site-a"), anyString()))
        .thenAnswer(i -> clone(i.getArgument(3)));
    when(apps.start(eq(SERVICE), anyString(), any()))
        .thenAnswer(
            i ->
                new IsolatedApp(
                    i.getArgument(1),
                    "http://127.0.0.1:40001",
                    0,
                    List.of("isolated app http://127.0.0.1:40001 (pid 2)")));
    when(apps.serve(SERVICE, "http://127.0.0.1:40001", 10))
        .thenAnswer(i -> new IsolatedServing("u", 10, 10, System.currentTimeMillis(), "ok"));
    when(apps.runChecks(SERVICE, "http://127.0.0.1:40001"))
        .thenReturn(List.of(new CheckResult("health", "u", 200, true, 3, "HTTP 200")));
    when(apps.stop(eq(SERVICE), anyString())).thenReturn(List.of("stopped the isolated app"));
    when(clones.remove(eq(SERVICE), eq("site-b"), anyString()))
        .thenReturn(List.of("stopped the PostgreSQL clone server", "deleted /scratch/k"));
    when(reports.writeDrillReport(any())).thenReturn("/reports/practice");
  }

  private static CloneRecord clone(String key) {
    return new CloneRecord(
        key,
        "postgresql",
        "site-b",
        "/scratch/" + key,
        "127.0.0.1",
        40000,
        900L,
        1_000,
        false,
        0,
        List.of("data directory /scratch/" + key, "PostgreSQL clone server on 127.0.0.1:40000"));
  }

  /**
   * The front door: {@code baseline} first, then {@code during} for every slice, each taking a few
   * real milliseconds as a real slice takes seconds (an instant mock would make the slices spin).
   */
  private void measures(FrontDoorSample baseline, FrontDoorSample during) {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    when(load.sample(eq(SERVICE), anyInt(), anyLong()))
        .thenAnswer(
            i -> {
              if (calls.getAndIncrement() == 0) {
                return baseline;
              }
              Thread.sleep(50);
              return during;
            });
  }

  /** 100 writes, 90 of them at {@code fast} tenths of a ms and 10 (the p95) at {@code slow}. */
  private static FrontDoorSample sample(long errors, int fast, int slow) {
    return new FrontDoorSample(
        0, 5_000, 100, errors, Map.of("site-a", 100L), Map.of(fast, 90L, slow, 10L));
  }

  private DrillWorkflow start(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(
        topology, health, database, traffic, load, clones, apps, reports, service);
    TestFixtures.onSiteHosts(env, host);
    taskQueue = worker.getTaskQueue();
    env.start();
    DrillWorkflow drill =
        env.getWorkflowClient()
            .newWorkflowStub(
                DrillWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.drill(SERVICE))
                    .setTaskQueue(taskQueue)
                    .build());
    WorkflowClient.start(drill::drill, DrillRequest.practice(SERVICE));
    return drill;
  }

  private static DrillResult result(DrillWorkflow drill) {
    return WorkflowStub.fromTyped(drill).getResult(DrillResult.class);
  }

  @Test
  void aPracticePassesMeasuresAndRemovesWhatItCreated(TestWorkflowEnvironment env, Worker worker) {
    DrillResult r = result(start(env, worker));

    assertThat(r.outcome()).as("reasons %s", r.reasons()).isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(r.type()).isEqualTo(dev.standby.model.drill.DrillType.PRACTICE);
    assertThat(r.practice().productionUnchanged()).isTrue();
    assertThat(r.practice().dataAgeMillis()).isEqualTo(100);
    assertThat(r.practice().wouldBeRtoMillis()).isNotNull();
    assertThat(r.practice().created()).hasSize(3);
    assertThat(r.practice().removed())
        .containsExactly(
            "stopped the isolated app",
            "stopped the PostgreSQL clone server",
            "deleted /scratch/k");
    assertThat(r.practice().replicaAfter()).isEqualTo("site-b streaming from site-a, lag 40 ms");
    assertThat(r.steps().stream().map(s -> s.name()))
        .containsSubsequence(
            "admit",
            "baseline-health",
            "front-door-baseline",
            "clone-database",
            "start-isolated-app",
            "serve-isolated",
            "integration-checks",
            "stop-isolated-app",
            "remove-clone",
            "production-unchanged",
            "measure",
            "write-report");
    // Production is never touched: no weights set, nothing promoted, fenced or failed over.
    verify(traffic, never()).setWeights(anyString(), any());
    verify(database, never()).promote(anyString(), anyString());
    verify(host, never()).fence(anyString(), anyString());
    // Admitted unplanned: the service's monitor keeps watching production during a practice.
    ArgumentCaptor<AdmissionRequest> admitted = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(service).admit(admitted.capture());
    assertThat(admitted.getValue().planned()).isFalse();
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            rep -> {
              assertThat(rep.outcome()).isEqualTo(OperationOutcome.COMPLETED);
              assertThat(rep.subtype()).isEqualTo("PRACTICE");
              assertThat(rep.primarySite()).isNull();
            });
  }

  @Test
  void frontDoorErrorsOrASlowerP95MeanProductionNoticedAndTheDrillFails(
      TestWorkflowEnvironment env, Worker worker) {
    // The baseline (first sample) at 8/9 ms; while practicing a p95 of 45 ms and 2 errors.
    measures(sample(0, 80, 90), sample(2, 80, 450));
    DrillResult r = result(start(env, worker));

    assertThat(r.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(r.practice().productionUnchanged()).isFalse();
    assertThat(r.reasons())
        .anyMatch(s -> s.contains("errors in"))
        .anyMatch(s -> s.contains("more than 20% and more than 30 ms slower"));
  }

  @Test
  void weightsThatMovedOrAReplicaPastTheRpoFailTheDrill(
      TestWorkflowEnvironment env, Worker worker) {
    when(traffic.weights(SERVICE))
        .thenReturn(Map.of("site-a", 100, "site-b", 0))
        .thenReturn(Map.of("site-a", 90, "site-b", 10));
    when(database.observe(SERVICE))
        .thenReturn(List.of(new SiteObservation(replica("site-b", 60_000), "site-a", true, true)));
    DrillResult r = result(start(env, worker));

    assertThat(r.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(r.reasons())
        .anyMatch(s -> s.contains("weights"))
        .anyMatch(s -> s.contains("lag 60000 ms"));
  }

  @Test
  void anAppThatCannotStartStillHasItsCloneRemoved(TestWorkflowEnvironment env, Worker worker) {
    when(apps.start(eq(SERVICE), anyString(), any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "the isolated app exited with 2", FailureType.VERIFICATION_FAILED.type()));
    DrillResult r = result(start(env, worker));

    assertThat(r.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(r.reasons()).anyMatch(s -> s.contains("start-isolated-app failed"));
    verify(apps).stop(eq(SERVICE), anyString());
    verify(clones).remove(eq(SERVICE), eq("site-b"), anyString());
    assertThat(r.practice().removed()).contains("deleted /scratch/k");
  }

  @Test
  void aPracticeCanceledWhileItServesRemovesItsCloneAndApp(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    CountDownLatch serving = new CountDownLatch(1);
    CountDownLatch canceled = new CountDownLatch(1);
    when(apps.serve(SERVICE, "http://127.0.0.1:40001", 10))
        .thenAnswer(
            i -> {
              serving.countDown();
              Thread.sleep(2_000);
              return new IsolatedServing("u", 10, 10, 1L, "ok");
            });
    // Once the app serves, the front door's slice stays in flight until well after the cancel: the
    // time-skipping test server refuses a cancellation of an activity that completed while the
    // workflow task that cancels it was out (ACTIVITY_UNKNOWN, temporalio/sdk-java#2391; the real
    // server accepts it), and the run would retry that task until the test timed out.
    java.util.concurrent.atomic.AtomicInteger slices =
        new java.util.concurrent.atomic.AtomicInteger();
    org.mockito.Mockito.doAnswer(
            i -> {
              if (slices.getAndIncrement() == 0) {
                return sample(0, 80, 90);
              }
              if (serving.getCount() == 0) {
                canceled.await(30, TimeUnit.SECONDS);
                Thread.sleep(1_000);
              } else {
                Thread.sleep(50);
              }
              return sample(0, 80, 90);
            })
        .when(load)
        .sample(eq(SERVICE), anyInt(), anyLong());
    DrillWorkflow drill = start(env, worker);
    assertThat(serving.await(30, TimeUnit.SECONDS)).isTrue();
    WorkflowStub.fromTyped(drill).cancel();
    canceled.countDown();

    assertThatThrownBy(() -> result(drill)).isInstanceOf(WorkflowFailedException.class);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              verify(apps).stop(eq(SERVICE), anyString());
              verify(clones).remove(eq(SERVICE), eq("site-b"), anyString());
            });
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(rep -> assertThat(rep.outcome()).isEqualTo(OperationOutcome.CANCELED));
  }

  @Test
  void aServiceWithoutAPracticeBlockFailsHavingTouchedNothing(
      TestWorkflowEnvironment env, Worker worker) {
    when(topology.describePractice(SERVICE)).thenReturn(new PracticeSpec(false, 0, 0, 0, 0));
    DrillResult r = result(start(env, worker));

    assertThat(r.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(r.reasons()).anyMatch(s -> s.contains("no drill.practice block"));
    verify(clones, never()).create(anyString(), anyString(), anyString(), anyString());
    verify(load, never()).sample(anyString(), anyInt(), anyLong());
  }
}
