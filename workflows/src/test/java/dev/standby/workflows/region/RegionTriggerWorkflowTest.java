package dev.standby.workflows.region;

import static dev.standby.workflows.TestFixtures.mockActivity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.RegionActivities;
import dev.standby.model.Progress;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionProgress;
import dev.standby.model.region.RegionTrigger;
import dev.standby.model.region.RegionTriggerRequest;
import dev.standby.model.region.RegionTriggerResult;
import dev.standby.model.region.ServiceFailureReport;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RegionTriggerWorkflowTest {
  static final String SITE = "site-a";
  static final RegionTrigger TWO_IN_20S = new RegionTrigger(2, 20_000, 30 * 60_000);

  static final List<RegionFailoverRequest> plansStarted = new CopyOnWriteArrayList<>();

  /** A plan that only records that it started. */
  public static class RecordingPlan implements RegionFailoverWorkflow {
    @Override
    public RegionFailoverResult failover(RegionFailoverRequest request) {
      plansStarted.add(request);
      return null;
    }

    @Override
    public RegionProgress progress() {
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

  static final List<FailoverRequest> failoversStarted = new CopyOnWriteArrayList<>();

  /** A failover that only records what it was asked. */
  public static class RecordingFailover implements FailoverWorkflow {
    @Override
    public FailoverResult failover(FailoverRequest request) {
      failoversStarted.add(request);
      return null;
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
              RegionTriggerWorkflowImpl.class,
              RecordingPlan.class,
              RecordingFailover.class)
          .build();

  private final RegionActivities regions = mockActivity(RegionActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    plansStarted.clear();
    failoversStarted.clear();
    worker.registerActivitiesImplementations(regions, notify);
    env.start();
  }

  private WorkflowStub trigger(WorkflowClient client, Worker worker, ServiceFailureReport first) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "RegionTrigger",
            WorkflowOptions.newBuilder()
                .setWorkflowId("region-trigger/" + SITE)
                .setTaskQueue(worker.getTaskQueue())
                .build());
    stub.signalWithStart(
        "serviceFailed",
        new Object[] {first},
        new Object[] {new RegionTriggerRequest(SITE, TWO_IN_20S)});
    return stub;
  }

  private static ServiceFailureReport failed(String service, long at) {
    return new ServiceFailureReport(SITE, service, "site-b", at, at + 2_000, "3 failed probes");
  }

  @Test
  void enoughFailuresInTheWindowStartOnePlan(
      WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    WorkflowStub stub = trigger(client, worker, failed("payments", 5_000));
    env.sleep(Duration.ofSeconds(3));
    stub.signal("serviceFailed", failed("orders", 4_000));
    stub.signal("serviceFailed", failed("payments", 9_000)); // the same service again: one count

    RegionTriggerResult result = stub.getResult(RegionTriggerResult.class);

    assertThat(result.decision()).isEqualTo("PLAN_STARTED");
    assertThat(result.services()).containsExactly("payments", "orders");
    client.newUntypedWorkflowStub("region/" + SITE).getResult(Void.class);
    assertThat(plansStarted)
        .singleElement()
        .satisfies(
            plan -> {
              assertThat(plan.site()).isEqualTo(SITE);
              assertThat(plan.incidentStartedAtMillis()).isEqualTo(4_000L);
              assertThat(plan.failedServices()).containsExactly("payments", "orders");
            });
    assertThat(failoversStarted).isEmpty();
  }

  @Test
  void oneFailureAloneFailsThatServiceOverAfterTheWindow(WorkflowClient client, Worker worker) {
    WorkflowStub stub = trigger(client, worker, failed("payments", 5_000));

    RegionTriggerResult result = stub.getResult(RegionTriggerResult.class);

    assertThat(result.decision()).isEqualTo("FAILOVERS_STARTED");
    client.newUntypedWorkflowStub("failover/payments").getResult(Void.class);
    assertThat(plansStarted).isEmpty();
    assertThat(failoversStarted)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.service()).isEqualTo("payments");
              assertThat(f.targetSite()).as("elected by the failover").isNull();
              assertThat(f.sourceSite()).isEqualTo(SITE);
              assertThat(f.incidentStartedAtMillis()).isEqualTo(5_000L);
            });
  }

  @Test
  void aPlanThatRanRecentlyIsNotStartedAgainByItself(
      WorkflowClient client, Worker worker, TestWorkflowEnvironment env) {
    when(regions.lastPlanStartedAtMillis(SITE))
        .thenReturn(env.currentTimeMillis() - Duration.ofMinutes(5).toMillis());
    WorkflowStub stub = trigger(client, worker, failed("payments", 5_000));
    stub.signal("serviceFailed", failed("orders", 5_000));

    RegionTriggerResult result = stub.getResult(RegionTriggerResult.class);

    assertThat(result.decision()).isEqualTo("HELD");
    assertThat(result.detail()).contains("minimum interval").contains("failover-region site-a");
    assertThat(plansStarted).isEmpty();
    assertThat(failoversStarted).isEmpty();
    verify(notify).post(anyString(), contains("not started again by itself"));
  }
}
