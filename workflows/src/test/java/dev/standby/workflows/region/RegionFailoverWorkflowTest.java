package dev.standby.workflows.region;

import static dev.standby.workflows.TestFixtures.mockActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mockito.Mockito.when;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.RegionActivities;
import dev.standby.model.Progress;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.failover.DataLossEvidence;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.region.OnServiceFailure;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionOutcome;
import dev.standby.model.region.RegionPlan;
import dev.standby.model.region.RegionServiceOutcome;
import dev.standby.model.region.RegionServiceStatus;
import dev.standby.model.traffic.ServingReport;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegionFailoverWorkflowTest {
  static final String SITE = "site-a";

  /** When each stand-in failover started and ended (workflow time), by service. */
  static final Map<String, long[]> ran = new ConcurrentHashMap<>();

  /** How long each service's stand-in failover takes; a service missing here fails. */
  static final Map<String, Duration> takes = new ConcurrentHashMap<>();

  /** A failover that takes its service's time and is served then, or fails when told to. */
  public static class StandInFailover implements FailoverWorkflow {
    @Override
    public FailoverResult failover(FailoverRequest request) {
      long start = Workflow.currentTimeMillis();
      Duration time = takes.get(request.service());
      if (time == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            request.service() + "'s replica is not streaming", "TARGET_NOT_REPLICA");
      }
      Workflow.sleep(time);
      long end = Workflow.currentTimeMillis();
      ran.put(request.service(), new long[] {start, end});
      return new FailoverResult(
          request.service(),
          request.sourceSite(),
          "site-b",
          request.mode(),
          start,
          end,
          request.incidentStartedAtMillis(),
          end - request.incidentStartedAtMillis(),
          new DataLossEvidence(false, null, "0/1", request.incidentStartedAtMillis() - 300, "x"),
          new ServingReport("site-b", 10, Map.of("site-b", 10), 0, end),
          Map.of("site-b", 100),
          List.of());
    }

    @Override
    public Progress progress() {
      return null;
    }

    @Override
    public ApprovalStatus approvals() {
      return null;
    }

    @Override
    public void approve(Approval approval) {}

    @Override
    public void reject(Approval approval) {}
  }

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              RegionFailoverWorkflowImpl.class,
              StandInFailover.class)
          .build();

  private final RegionActivities regions = mockActivity(RegionActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    ran.clear();
    takes.clear();
    worker.registerActivitiesImplementations(regions, notify);
    env.start();
  }

  private void plan(OnServiceFailure policy, int maxParallel, RegionGroup... groups) {
    when(regions.plan(SITE))
        .thenReturn(
            new RegionPlan(
                SITE,
                List.of(groups),
                List.of(
                    RegionServiceOutcome.skipped("search", "its primary is site-b, not site-a")),
                maxParallel,
                policy,
                Duration.ofMinutes(10).toMillis()));
  }

  private RegionFailoverWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        RegionFailoverWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId("region/" + SITE)
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static RegionGroup group(boolean approval, String... services) {
    return new RegionGroup(List.of(services), approval);
  }

  private static Map<String, RegionServiceOutcome> byService(RegionFailoverResult result) {
    return result.services().stream()
        .collect(
            java.util.stream.Collectors.toMap(RegionServiceOutcome::service, Function.identity()));
  }

  @Test
  void groupsMoveInOrderAndAGroupInParallelWithEveryRtoAndRpo(
      WorkflowClient client, Worker worker) {
    plan(OnServiceFailure.CONTINUE, 10, group(false, "ledger"), group(false, "payments", "orders"));
    takes.put("ledger", Duration.ofSeconds(5));
    takes.put("payments", Duration.ofSeconds(4));
    takes.put("orders", Duration.ofSeconds(6));

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "site-a is down", "test"));

    assertThat(result.outcome()).isEqualTo(RegionOutcome.SUCCEEDED);
    var services = byService(result);
    assertThat(services.get("search").status()).isEqualTo(RegionServiceStatus.SKIPPED);
    // payments and orders start only after ledger ended, and together.
    assertThat(ran.get("payments")[0]).isGreaterThanOrEqualTo(ran.get("ledger")[1]);
    assertThat(ran.get("orders")[0]).isCloseTo(ran.get("payments")[0], within(500L));
    // Each RTO counts from the plan's start: orders waited for ledger (5 s) and took 6 s.
    assertThat(services.get("ledger").rtoMillis()).isBetween(5_000L, 5_900L);
    assertThat(services.get("orders").rtoMillis()).isBetween(11_000L, 11_900L);
    assertThat(services.get("orders").rpoMillis()).isEqualTo(300L);
    assertThat(result.planRtoMillis()).isEqualTo(services.get("orders").rtoMillis());
    assertThat(services.values())
        .filteredOn(o -> o.status() == RegionServiceStatus.SUCCEEDED)
        .allSatisfy(o -> assertThat(o.targetSite()).isEqualTo("site-b"));
  }

  @Test
  void aGroupRunsNoMoreThanItsLimitAtOnce(WorkflowClient client, Worker worker) {
    plan(OnServiceFailure.CONTINUE, 2, group(false, "s1", "s2", "s3", "s4"));
    List.of("s1", "s2", "s3", "s4").forEach(s -> takes.put(s, Duration.ofSeconds(10)));

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "drill", "test"));

    assertThat(result.outcome()).isEqualTo(RegionOutcome.SUCCEEDED);
    assertThat(ran.get("s3")[0]).isGreaterThanOrEqualTo(ran.get("s1")[1]);
    assertThat(ran.get("s4")[0]).isGreaterThanOrEqualTo(ran.get("s2")[1]);
    assertThat(result.planRtoMillis()).isBetween(20_000L, 21_000L);
  }

  @Test
  void continueMovesTheOthersWhenOneFails(WorkflowClient client, Worker worker) {
    plan(OnServiceFailure.CONTINUE, 10, group(false, "ledger", "broken"), group(false, "payments"));
    takes.put("ledger", Duration.ofSeconds(2));
    takes.put("payments", Duration.ofSeconds(2));

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "x", "test"));

    assertThat(result.outcome()).isEqualTo(RegionOutcome.PARTIAL);
    var services = byService(result);
    assertThat(services.get("broken").status()).isEqualTo(RegionServiceStatus.FAILED);
    assertThat(services.get("broken").detail()).contains("replica is not streaming");
    assertThat(services.get("payments").status()).isEqualTo(RegionServiceStatus.SUCCEEDED);
  }

  @Test
  void stopAfterGroupFinishesTheGroupAndStartsNoOther(WorkflowClient client, Worker worker) {
    plan(
        OnServiceFailure.STOP_AFTER_GROUP,
        10,
        group(false, "broken", "ledger"),
        group(false, "payments"));
    takes.put("ledger", Duration.ofSeconds(5));
    takes.put("payments", Duration.ofSeconds(2));

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "x", "test"));

    assertThat(result.outcome()).isEqualTo(RegionOutcome.STOPPED);
    var services = byService(result);
    assertThat(services.get("ledger").status()).isEqualTo(RegionServiceStatus.SUCCEEDED);
    assertThat(services.get("payments").status()).isEqualTo(RegionServiceStatus.NOT_STARTED);
    assertThat(services.get("payments").detail()).contains("stop-after-group");
    assertThat(ran).doesNotContainKey("payments");
  }

  @Test
  void stopStartsNothingMoreOnceOneFailed(WorkflowClient client, Worker worker) {
    plan(OnServiceFailure.STOP, 1, group(false, "broken", "ledger", "orders"));
    takes.put("ledger", Duration.ofSeconds(2));
    takes.put("orders", Duration.ofSeconds(2));

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "x", "test"));

    assertThat(result.outcome()).isEqualTo(RegionOutcome.STOPPED);
    var services = byService(result);
    assertThat(services.get("ledger").status()).isEqualTo(RegionServiceStatus.NOT_STARTED);
    assertThat(services.get("orders").status()).isEqualTo(RegionServiceStatus.NOT_STARTED);
    assertThat(ran).isEmpty();
  }

  @Test
  void theNextGroupWaitsForApprovalAndARejectionMovesNothingMore(
      WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    plan(
        OnServiceFailure.CONTINUE,
        10,
        group(false, "ledger"),
        group(true, "payments"),
        group(false, "orders"));
    takes.put("ledger", Duration.ofSeconds(2));
    takes.put("payments", Duration.ofSeconds(2));
    takes.put("orders", Duration.ofSeconds(2));
    RegionFailoverWorkflow plan = stub(client, worker);
    WorkflowClient.start(plan::failover, RegionFailoverRequest.of(SITE, "x", "test"));

    env.sleep(Duration.ofSeconds(30));
    var progress = plan.progress();
    assertThat(progress.waitingForApproval()).isEqualTo("group-2");
    assertThat(progress.phase()).contains("waiting for approval of group 2");
    assertThat(ran).containsOnlyKeys("ledger");

    plan.reject(new Approval("group-2", "alice", null, "not during the sale"));
    RegionFailoverResult result =
        client.newUntypedWorkflowStub("region/" + SITE).getResult(RegionFailoverResult.class);

    assertThat(result.outcome()).isEqualTo(RegionOutcome.REJECTED);
    var services = byService(result);
    assertThat(services.get("payments").status()).isEqualTo(RegionServiceStatus.NOT_STARTED);
    assertThat(services.get("orders").status()).isEqualTo(RegionServiceStatus.NOT_STARTED);
    assertThat(result.notes()).anyMatch(n -> n.contains("rejected by alice"));
  }

  @Test
  void anApprovedGroupMoves(WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    plan(OnServiceFailure.CONTINUE, 10, group(false, "ledger"), group(true, "payments"));
    takes.put("ledger", Duration.ofSeconds(2));
    takes.put("payments", Duration.ofSeconds(2));
    RegionFailoverWorkflow plan = stub(client, worker);
    WorkflowClient.start(plan::failover, RegionFailoverRequest.of(SITE, "x", "test"));
    env.sleep(Duration.ofSeconds(10));

    plan.approve(new Approval("group-2", "alice", null, null));
    RegionFailoverResult result =
        client.newUntypedWorkflowStub("region/" + SITE).getResult(RegionFailoverResult.class);

    assertThat(result.outcome()).isEqualTo(RegionOutcome.SUCCEEDED);
    assertThat(byService(result).get("payments").status()).isEqualTo(RegionServiceStatus.SUCCEEDED);
  }

  @Test
  void aGroupPastItsTimeoutCountsItsSlowServicesAndLetsThemFinish(
      WorkflowClient client, Worker worker) {
    when(regions.plan(SITE))
        .thenReturn(
            new RegionPlan(
                SITE,
                List.of(group(false, "slow", "ledger"), group(false, "payments")),
                List.of(),
                10,
                OnServiceFailure.STOP_AFTER_GROUP,
                Duration.ofMinutes(1).toMillis()));
    takes.put("slow", Duration.ofMinutes(5));
    takes.put("ledger", Duration.ofSeconds(2));
    takes.put("payments", Duration.ofSeconds(2));

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "x", "test"));

    var services = byService(result);
    assertThat(services.get("slow").status()).isEqualTo(RegionServiceStatus.TIMED_OUT);
    assertThat(services.get("slow").detail()).contains("goes on");
    assertThat(services.get("ledger").status()).isEqualTo(RegionServiceStatus.SUCCEEDED);
    assertThat(services.get("payments").status()).isEqualTo(RegionServiceStatus.NOT_STARTED);
    assertThat(result.outcome()).isEqualTo(RegionOutcome.STOPPED);
    // The slow failover was not canceled with its group: it still ends served.
    client.newUntypedWorkflowStub("failover/slow").getResult(FailoverResult.class);
    assertThat(ran).containsKey("slow");
  }

  @Test
  void aSiteWithNothingOnItMovesNothing(WorkflowClient client, Worker worker) {
    plan(OnServiceFailure.CONTINUE, 10);

    RegionFailoverResult result =
        stub(client, worker).failover(RegionFailoverRequest.of(SITE, "x", "test"));

    assertThat(result.outcome()).isEqualTo(RegionOutcome.NOTHING_TO_MOVE);
    assertThat(result.services())
        .extracting(RegionServiceOutcome::service)
        .containsExactly("search");
  }

  @Test
  void rtosCountFromTheIncidentWhenTheRequestNamesIt(WorkflowClient client, Worker worker) {
    plan(OnServiceFailure.CONTINUE, 10, group(false, "ledger"));
    takes.put("ledger", Duration.ofSeconds(1));

    RegionFailoverResult result =
        stub(client, worker)
            .failover(
                new RegionFailoverRequest(
                    SITE, FailoverMode.UNPLANNED, "x", "alice", 1_000L, null, null, null));

    assertThat(result.incidentStartedAtMillis()).isEqualTo(1_000L);
    assertThat(byService(result).get("ledger").rtoMillis())
        .isEqualTo(ran.get("ledger")[1] - 1_000L);
  }
}
