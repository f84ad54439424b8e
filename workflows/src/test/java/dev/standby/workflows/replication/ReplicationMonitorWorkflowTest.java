package dev.standby.workflows.replication;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.approval.MessageRef;
import dev.standby.model.database.ReplicaLag;
import dev.standby.model.monitor.ReplicationMonitorRequest;
import dev.standby.model.monitor.ReplicationMonitorState;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service's RPO is 5 s (TestFixtures.spec), so a check every 2.5 s; recovery at or below 4 s.
 */
class ReplicationMonitorWorkflowTest {
  private static final long INTERVAL = 2_500;

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              ReplicationMonitorWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);
  private final ServiceActivities service =
      ServiceFixtures.admitting(TestFixtures.serviceState("site-a"));
  private final List<String> posts = new CopyOnWriteArrayList<>();
  private final AtomicInteger measured = new AtomicInteger();

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(topology, database, notify, service);
    env.start();
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(notify.post(eq(SERVICE), anyString()))
        .thenAnswer(
            call -> {
              posts.add(call.getArgument(1));
              return new MessageRef("C1", String.valueOf(posts.size()));
            });
  }

  @Test
  void alertsOnceWhenAReplicaCrossesTheRpoAndOnceWhenItRecovers(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    lags(1_000L, 6_000L, 7_000L, 9_000L, 8_000L, 4_500L, 3_000L, 2_000L, 1_000L);
    ReplicationMonitorWorkflow monitor =
        start(client, worker, ReplicationMonitorRequest.of(SERVICE));

    env.sleep(Duration.ofMillis(INTERVAL * 14));

    // Which check raised each post shows in its lag: 6 s alone did not alert, 7 s (second in a row)
    // did; 4.5 s
    // (under the RPO, above the 4 s recovery line) and 3 s (first under it) did not recover, 2 s
    // did.
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0)).contains("site-b lags 7000 ms").contains("over the RPO of 5000 ms");
    assertThat(posts.get(1)).contains("site-b lags 2000 ms").contains("back within the RPO");
    assertThat(monitor.state().replicas().get("site-b").breached()).isFalse();
    assertThat(monitor.state().alertsSent()).isEqualTo(2);
  }

  @Test
  void aLagHoveringAroundTheRpoOrStuckOverItRaisesNoStorm(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    List<Long> script = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      script.add(i % 2 == 0 ? 5_500L : 4_500L); // over, under, over, ...: never two in a row
    }
    for (int i = 0; i < 20; i++) {
      script.add(i % 3 == 2 ? 4_500L : 12_000L); // stuck over, with a dip that is not a recovery
    }
    lags(script.toArray(Long[]::new));
    start(client, worker, ReplicationMonitorRequest.of(SERVICE));

    env.sleep(Duration.ofMillis(INTERVAL * 28));

    assertThat(measured.get()).isGreaterThanOrEqualTo(26);
    // Hovering at 5.5 / 4.5 s never alerted (the one alert is at 12 s), and twenty checks stuck
    // over it alerted once.
    assertThat(posts)
        .singleElement()
        .asString()
        .contains("site-b lags 12000 ms")
        .contains("over the RPO");
  }

  @Test
  void anUnmeasurableReplicaCountsAsOverTheRpo(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    when(database.replicaLag(SERVICE))
        .thenAnswer(
            call -> {
              measured.incrementAndGet();
              return List.of(
                  new ReplicaLag(
                      "site-b",
                      "postgresql",
                      null,
                      "pg_last_xact_replay_timestamp",
                      0,
                      "connection refused"));
            });
    start(client, worker, ReplicationMonitorRequest.of(SERVICE));

    env.sleep(Duration.ofMillis(INTERVAL * 3));
    assertThat(posts)
        .singleElement()
        .asString()
        .contains("site-b lag unknown (connection refused)");
  }

  @Test
  void continuesAsNewCarryingTheBreachSoNoAlertIsRepeated(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    lags(9_000L);
    ReplicationMonitorWorkflow monitor =
        start(client, worker, new ReplicationMonitorRequest(SERVICE, null, null, 3, null));
    String firstRun = WorkflowStub.fromTyped(monitor).getExecution().getRunId();

    env.sleep(Duration.ofMillis(INTERVAL * 10));

    ReplicationMonitorState state =
        client
            .newWorkflowStub(
                ReplicationMonitorWorkflow.class, WorkflowIds.replicationMonitor(SERVICE))
            .state();
    assertThat(state.checks()).as("counted across runs").isGreaterThanOrEqualTo(10);
    assertThat(state.replicas().get("site-b").breached()).isTrue();
    assertThat(posts).as("the breach carried over: no alert per run").hasSize(1);
    var history = client.fetchHistory(WorkflowIds.replicationMonitor(SERVICE), firstRun);
    assertThat(history.getLastEvent().getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  @Test
  void afterAFailoverItMeasuresTheNewPairAndNotTheNewPrimary(
      TestWorkflowEnvironment env, WorkflowClient client, Worker worker) {
    AtomicInteger reads = new AtomicInteger();
    when(service.current(SERVICE))
        .thenAnswer(
            call ->
                reads.incrementAndGet() <= 2
                    ? TestFixtures.serviceState("site-a")
                    : ServiceFixtures.failedOverToSiteB());
    when(database.replicaLag(SERVICE))
        .thenAnswer(
            call ->
                measured.incrementAndGet() <= 2
                    ? List.of(lag("site-b", 1_000L, null))
                    // The new primary answers as no replica yet, the old one lags behind it.
                    : List.of(lag("site-a", 9_000L, null), lag("site-b", null, "recovering")));
    ReplicationMonitorWorkflow monitor =
        start(client, worker, ReplicationMonitorRequest.of(SERVICE));

    env.sleep(Duration.ofMillis(INTERVAL * 6));

    assertThat(posts)
        .as("site-a over the RPO, and nothing about site-b, the primary now")
        .singleElement()
        .asString()
        .contains("site-a lags 9000 ms");
    ReplicationMonitorState state = monitor.state();
    assertThat(state.primarySite()).isEqualTo("site-b");
    assertThat(state.replicas()).containsOnlyKeys("site-a");
    var described =
        client.newUntypedWorkflowStub(WorkflowIds.replicationMonitor(SERVICE)).describe();
    assertThat(described.getTypedSearchAttributes().get(StandbySearchAttributes.SITE))
        .isEqualTo("site-b");
  }

  private static ReplicaLag lag(String site, Long millis, String error) {
    return new ReplicaLag(site, "postgresql", millis, "pg_last_xact_replay_timestamp", 0, error);
  }

  private void lags(Long... millis) {
    List<Long> script = Arrays.asList(millis);
    when(database.replicaLag(SERVICE))
        .thenAnswer(
            call -> {
              int i = Math.min(measured.getAndIncrement(), script.size() - 1);
              return List.of(
                  new ReplicaLag(
                      "site-b",
                      "postgresql",
                      script.get(i),
                      "pg_last_xact_replay_timestamp",
                      0,
                      null));
            });
  }

  private static ReplicationMonitorWorkflow start(
      WorkflowClient client, Worker worker, ReplicationMonitorRequest request) {
    ReplicationMonitorWorkflow monitor =
        client.newWorkflowStub(
            ReplicationMonitorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.replicationMonitor(SERVICE))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(monitor::monitor, request);
    return monitor;
  }
}
