package dev.standby.workflows.failover;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.fenced;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.promoted;
import static dev.standby.workflows.TestFixtures.readOnly;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.served;
import static dev.standby.workflows.TestFixtures.spec;
import static dev.standby.workflows.TestFixtures.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.standby.activities.ComputeActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.SiteQueues;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.StepRecord;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Host activities go to the queue of the site they act on, each site's served by its own worker
 * (here: its own mock); and a site whose worker is gone does not hold an unplanned failover.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SiteRoutingTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), FailoverWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final DatabaseHostActivities hostOfA = mockActivity(DatabaseHostActivities.class);
  private final DatabaseHostActivities hostOfB = mockActivity(DatabaseHostActivities.class);
  private final Map<String, Integer> onB = Map.of("site-a", 0, "site-b", 100);
  private TestWorkflowEnvironment env;

  @BeforeEach
  void twoSitesEachWithItsWorker(TestWorkflowEnvironment env, Worker worker, TestInfo test) {
    this.env = env;
    worker.registerActivitiesImplementations(
        topology,
        health,
        database,
        traffic,
        mockActivity(NotifyActivities.class),
        mockActivity(ComputeActivities.class),
        TestFixtures.admittingService());
    if (!test.getDisplayName().contains("WorkerIsGone")) {
      env.newWorker(SiteQueues.of("site-a")).registerActivitiesImplementations(hostOfA);
    }
    env.newWorker(SiteQueues.of("site-b")).registerActivitiesImplementations(hostOfB);
    env.start();
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(health.liveness(SERVICE, "site-b")).thenReturn(readOnly("site-b"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replica("site-b", 0));
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(primary("site-a"));
    when(database.awaitReplay(SERVICE, "site-b", "0/3000200")).thenReturn(replica("site-b", 0));
    when(database.promote(SERVICE, "site-b")).thenReturn(promoted("site-b"));
    when(hostOfA.fence(SERVICE, "site-a")).thenReturn(fenced("site-a"));
    when(hostOfA.resyncAsReplica(SERVICE, "site-a", "site-b"))
        .thenReturn(
            new ResyncResult("site-a", "site-b", ResyncResult.Method.REWIND, "0/3000300", 5));
    when(hostOfA.isolate(SERVICE, "site-a", "site-b"))
        .thenReturn(new IsolationResult("site-a", 1, false, "killed 1 process"));
    when(traffic.weights(SERVICE)).thenReturn(Map.of("site-a", 100, "site-b", 0));
    when(traffic.setWeights(SERVICE, onB)).thenReturn(onB);
    when(traffic.verifyServing(SERVICE, "site-b", 20))
        .thenAnswer(inv -> served("site-b", env.currentTimeMillis()));
  }

  @Test
  void aPlannedFailoverFencesAndResyncsSiteAOnSiteAsOwnQueue(WorkflowClient client, Worker worker) {
    stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-b", "test"));

    verify(hostOfA).fence(SERVICE, "site-a");
    verify(hostOfA).resyncAsReplica(SERVICE, "site-a", "site-b");
    verifyNoInteractions(hostOfB);
    assertThat(
            client.fetchHistory(WorkflowIds.failover(SERVICE)).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes())
                .filter(a -> a.getActivityType().getName().equals("DatabaseFence"))
                .map(a -> a.getTaskQueue().getName()))
        .containsExactly("standby-site-a");
  }

  @Test
  void anUnreachableOldPrimaryIsIsolatedByItsOwnSitesWorker(WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));

    stub(client, worker)
        .failover(
            FailoverRequest.unplanned(SERVICE, "site-b", "site-a down", env.currentTimeMillis()));

    verify(hostOfA).isolate(SERVICE, "site-a", "site-b");
    verifyNoInteractions(hostOfB);
  }

  @Test
  void anUnplannedFailoverGoesOnWhenTheLostSitesWorkerIsGoneToo(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));

    FailoverResult result =
        stub(client, worker)
            .failover(
                FailoverRequest.unplanned(
                    SERVICE, "site-b", "site-a lost", env.currentTimeMillis()));

    verify(database).promote(SERVICE, "site-b");
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("fence-source"))
        .singleElement()
        .extracting(StepRecord::detail)
        .asString()
        .startsWith("unreachable, and could not be isolated")
        .contains("fences it if it answers again");
  }

  private FailoverWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        FailoverWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.failover(SERVICE))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }
}
