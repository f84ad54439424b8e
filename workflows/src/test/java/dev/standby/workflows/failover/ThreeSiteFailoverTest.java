package dev.standby.workflows.failover;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.fenced;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.readOnly;
import static dev.standby.workflows.TestFixtures.served;
import static dev.standby.workflows.TestFixtures.unreachable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.ComputeActivities;
import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.FailureType;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.ResyncResult.Method;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * A service with a primary (site-a), two standbys (site-b priority 40, site-c priority 80) and a
 * backup-only site (site-d): the failover elects, catches a named target up or refuses it, and
 * re-points the other standby.
 */
@Timeout(60)
class ThreeSiteFailoverTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), FailoverWorkflowImpl.class)
          .build();

  private static final List<String> SITES = List.of("site-a", "site-b", "site-c", "site-d");
  private static final Map<String, Integer> ON_B = Map.of("site-a", 0, "site-b", 100, "site-c", 0);
  private static final Map<String, Integer> ON_C = Map.of("site-a", 0, "site-b", 0, "site-c", 100);

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final DatabaseHostActivities host = mockActivity(DatabaseHostActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);
  private final ComputeActivities compute = mockActivity(ComputeActivities.class);
  private final ServiceActivities services =
      ServiceFixtures.admitting(
          ServiceState.initial(SERVICE, "site-a", SITES, List.of("site-d"))
              .withProtection(true, "site-b streams from site-a"));

  static ServiceSpec threeSites() {
    return new ServiceSpec(
        SERVICE,
        SITES,
        "site-a",
        30_000,
        5_000,
        1_000,
        3,
        20,
        FailbackPolicy.DEFAULTS,
        NotifyPolicy.DEFAULTS,
        List.of(),
        Map.of("site-a", 50, "site-b", 40, "site-c", 80, "site-d", 100),
        List.of("site-d"));
  }

  private static ReplicationStatus replayed(String site, String lsn) {
    return new ReplicationStatus(site, DatabaseRole.REPLICA, lsn, lsn, 1_000L, 0L, false, null);
  }

  @BeforeEach
  void threeSiteLab(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(
        topology, health, database, traffic, notify, compute, services);
    TestFixtures.onSiteHosts(env, host);
    env.start();
    when(topology.describeService(SERVICE)).thenReturn(threeSites());
    for (String site : List.of("site-b", "site-c")) {
      when(health.liveness(SERVICE, site)).thenReturn(readOnly(site));
      when(database.promote(SERVICE, site))
          .thenReturn(new PromotionResult(site, true, "0/3000200", 1_500L, 2_000L, 2));
      when(traffic.verifyServing(SERVICE, site, 20))
          .thenAnswer(inv -> served(site, env.currentTimeMillis()));
    }
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(unreachable("site-a"));
    when(host.isolate(anyString(), anyString(), anyString()))
        .thenReturn(new IsolationResult("site-a", 0, true, "killed; left standby.signal"));
    when(traffic.weights(SERVICE)).thenReturn(Map.of("site-a", 100, "site-b", 0, "site-c", 0));
    when(traffic.setWeights(SERVICE, ON_B)).thenReturn(ON_B);
    when(traffic.setWeights(SERVICE, ON_C)).thenReturn(ON_C);
    when(database.repoint(anyString(), anyString(), anyString(), anyString()))
        .thenAnswer(
            inv ->
                new ResyncResult(
                    inv.getArgument(1), inv.getArgument(2), Method.REPOINT, "0/3000300", 40));
  }

  private FailoverWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        FailoverWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.failover(SERVICE))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static FailoverRequest unplanned(String target) {
    return new FailoverRequest(
        SERVICE, target, FailoverMode.UNPLANNED, null, "site-a is down", "test", null);
  }

  @Test
  void unplannedTheMostAdvancedStandbyIsElectedOverPriorityAndTheOtherIsRepointed(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replayed("site-b", "0/3000200"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(replayed("site-c", "0/3000100"));

    FailoverResult result = stub(client, worker).failover(unplanned(null));

    assertThat(result.targetSite()).isEqualTo("site-b");
    assertThat(result.targetChoice().elected()).isTrue();
    assertThat(result.targetChoice().why()).contains("more advanced").contains("site-c");
    assertThat(result.targetChoice().candidates())
        .extracting(c -> c.site() + "#" + c.rank())
        .containsExactly("site-b#1", "site-c#2");
    assertThat(result.weights()).isEqualTo(ON_B);
    // Unplanned: the traffic moves while site-b promotes; site-c follows once site-b is primary.
    InOrder order = inOrder(database);
    order.verify(database).promote(SERVICE, "site-b");
    order.verify(database).repoint(SERVICE, "site-c", "site-b", "0/3000200");
    verify(traffic).setWeights(SERVICE, ON_B);
    assertThat(result.repointed()).containsExactly("site-c streams from site-b (REPOINT)");
    assertThat(result.steps())
        .extracting(StepRecord::name)
        .containsExactly(
            "resolve-service",
            "admit",
            "elect-target",
            "check-target",
            "fence-source",
            "promote-target",
            "move-traffic",
            "verify-traffic",
            "repoint-site-c");
    assertThat(result.steps().get(2).detail())
        .startsWith("site-b elected: more advanced")
        .contains("site-c #2 at 0/3000100");
    // The backup-only site is never asked whether it could take over.
    verify(health, never()).liveness(SERVICE, "site-d");
  }

  @Test
  void standbysThatReplayedAsMuchAreElectedByPriority(WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replayed("site-b", "0/3000200"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(replayed("site-c", "0/3000200"));

    FailoverResult result = stub(client, worker).failover(unplanned(null));

    assertThat(result.targetSite()).isEqualTo("site-c");
    assertThat(result.targetChoice().why()).contains("higher priority 80 vs 40");
    verify(database).repoint(SERVICE, "site-b", "site-c", "0/3000200");
  }

  @Test
  void aReplicaThatCannotBeRepointedIsRewoundAndTheFailoverStillSucceeds(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replayed("site-b", "0/3000200"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(replayed("site-c", "0/3000100"));
    when(database.repoint(SERVICE, "site-c", "site-b", "0/3000200"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "site-c replayed past 0/3000200", FailureType.REPLICA_DIVERGED.type()));
    when(host.resyncAsReplica(SERVICE, "site-c", "site-b"))
        .thenReturn(new ResyncResult("site-c", "site-b", Method.REWIND, "0/3000400", 900));

    FailoverResult result = stub(client, worker).failover(unplanned(null));

    assertThat(result.targetSite()).isEqualTo("site-b");
    assertThat(result.repointed().get(0))
        .startsWith("site-c streams from site-b (REWIND after:")
        .contains("replayed past");
    assertThat(result.steps()).extracting(StepRecord::name).contains("rewind-site-c");
  }

  @Test
  void anUnplannedFailoverToANamedTargetThatIsBehindIsRefusedWithoutAcceptLoss(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replayed("site-b", "0/3000200"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(replayed("site-c", "0/3000100"));

    assertThatThrownBy(() -> stub(client, worker).failover(unplanned("site-c")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.TARGET_BEHIND.type());
              assertThat(f.getOriginalMessage())
                  .contains("site-c is 256 bytes of WAL behind site-b")
                  .contains("loses the writes only site-b has")
                  .contains("acceptLoss")
                  .contains("nothing was changed");
            });
    verify(database, never()).promote(anyString(), anyString());
    verify(host, never()).isolate(anyString(), anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), anyMap());
  }

  @Test
  void withAcceptLossTheNamedTargetBehindIsPromotedAndTheOtherRewound(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replayed("site-b", "0/3000200"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(replayed("site-c", "0/3000100"));

    FailoverResult result = stub(client, worker).failover(unplanned("site-c").acceptingLoss());

    assertThat(result.targetSite()).isEqualTo("site-c");
    assertThat(result.targetChoice().elected()).isFalse();
    assertThat(result.targetChoice().behindBytes()).isEqualTo(256);
    verify(database).promote(SERVICE, "site-c");
    verify(database).repoint(SERVICE, "site-b", "site-c", "0/3000200");
  }

  @Test
  void aPlannedFailoverToANamedTargetThatIsBehindCatchesItUpFirst(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-a")).thenReturn(primary("site-a"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(replayed("site-b", "0/3000200"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(replayed("site-c", "0/3000100"));
    when(database.awaitReplay(SERVICE, "site-c", "0/3000200"))
        .thenReturn(replayed("site-c", "0/3000200"));
    when(host.fence(SERVICE, "site-a")).thenReturn(fenced("site-a"));
    when(host.resyncAsReplica(SERVICE, "site-a", "site-c"))
        .thenReturn(new ResyncResult("site-a", "site-c", Method.REWIND, "0/3000300", 5));

    FailoverResult result =
        stub(client, worker).failover(FailoverRequest.planned(SERVICE, "site-c", "move"));

    InOrder order = inOrder(database, host);
    order.verify(database).awaitReplay(SERVICE, "site-c", "0/3000200");
    order.verify(host).fence(SERVICE, "site-a");
    order.verify(database).promote(SERVICE, "site-c");
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("catch-up-target"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).contains("as far as site-b had (0/3000200)"));
  }

  @Test
  void aBackupOnlySiteIsRefusedAsATargetAndNothingChanges(WorkflowClient client, Worker worker) {
    assertThatThrownBy(() -> stub(client, worker).failover(unplanned("site-d").acceptingLoss()))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.INVALID_INPUT.type());
              assertThat(f.getOriginalMessage()).contains("site-d is a backup-only site");
            });
    verify(database, never()).promote(anyString(), anyString());
  }

  @Test
  void whenNoStandbyCanTakeOverNoneIsElectedAndNothingChanges(
      WorkflowClient client, Worker worker) {
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(unreachable("site-b"));
    when(database.replicationStatus(SERVICE, "site-c")).thenReturn(unreachable("site-c"));

    assertThatThrownBy(() -> stub(client, worker).failover(unplanned(null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.NO_CANDIDATE.type());
              assertThat(f.getOriginalMessage())
                  .contains("site-b (not eligible)")
                  .contains("site-c (not eligible)");
            });
    verify(database, never()).promote(anyString(), anyString());
  }
}
