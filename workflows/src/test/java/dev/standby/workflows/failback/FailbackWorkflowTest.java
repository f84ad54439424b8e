package dev.standby.workflows.failback;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.fenced;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.promoted;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.served;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
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
import dev.standby.model.CommsTemplates;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.FailureType;
import dev.standby.model.GateFailureAction;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalLevel;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalTimeoutAction;
import dev.standby.model.approval.MessageRef;
import dev.standby.model.compute.ScaleResult;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.failback.FailbackProgress;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.traffic.TrafficSample;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * The failback against mocked activities with time skipping: five steps with five-minute bakes run
 * in seconds. The front door is simulated: a sample splits its requests by the weights last set,
 * and the returning site (site-a) answers with errors while {@link #sick} is set.
 */
class FailbackWorkflowTest {
  static final long BAKE = Duration.ofMinutes(5).toMillis();
  static final FailbackPolicy POLICY =
      new FailbackPolicy(
          List.of(10, 25, 50, 75, 100),
          BAKE,
          Duration.ofMinutes(1).toMillis(),
          40,
          0.05,
          500,
          GateFailureAction.ROLLBACK,
          100);

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), FailbackWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final ServiceActivities services = TestFixtures.admittingService("site-b");
  private final DatabaseActivities database = mockActivity(DatabaseActivities.class);
  private final DatabaseHostActivities host = mockActivity(DatabaseHostActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);
  private final ComputeActivities compute = mockActivity(ComputeActivities.class);
  private final Map<String, Integer> onB = Map.of("site-a", 0, "site-b", 100);

  /** Every weight change, as the target's (site-a's) percentage. */
  private final List<Integer> weightsSet = Collections.synchronizedList(new ArrayList<>());

  private volatile Map<String, Integer> current = onB;
  private volatile boolean sick;

  /** Site-a fails its requests whenever it has this percentage of the traffic. */
  private volatile int sickAt = -1;

  private TestWorkflowEnvironment env;

  @BeforeEach
  void afterAFailoverToB(TestWorkflowEnvironment env, Worker worker) {
    this.env = env;
    worker.registerActivitiesImplementations(
        topology, health, database, traffic, notify, compute, services);
    TestFixtures.onSiteHosts(env, host);
    env.start();
    ServiceSpec spec = TestFixtures.spec();
    when(topology.describeService(SERVICE))
        .thenReturn(
            new ServiceSpec(
                spec.name(),
                spec.sites(),
                spec.primarySite(),
                spec.rtoMillis(),
                spec.rpoMillis(),
                spec.monitorIntervalMillis(),
                spec.monitorFailureThreshold(),
                spec.verifyRequests(),
                POLICY,
                spec.notifications(),
                List.of()));
    when(health.probe(SERVICE, "site-a")).thenReturn(healthy("site-a"));
    when(database.replicationStatus(SERVICE, "site-b")).thenReturn(primary("site-b"));
    when(host.resyncAsReplica(SERVICE, "site-a", "site-b"))
        .thenReturn(
            new ResyncResult("site-a", "site-b", ResyncResult.Method.REWIND, "0/3000100", 900));
    when(host.resyncAsReplica(SERVICE, "site-b", "site-a"))
        .thenReturn(
            new ResyncResult("site-b", "site-a", ResyncResult.Method.REWIND, "0/3000300", 800));
    when(host.fence(SERVICE, "site-b")).thenReturn(fenced("site-b"));
    when(database.awaitReplay(SERVICE, "site-a", "0/3000200")).thenReturn(replica("site-a", 0));
    when(database.promote(SERVICE, "site-a")).thenReturn(promoted("site-a"));
    when(traffic.weights(SERVICE)).thenAnswer(inv -> current);
    when(traffic.setWeights(anyString(), anyMap()))
        .thenAnswer(
            inv -> {
              Map<String, Integer> wanted = new LinkedHashMap<>(inv.getArgument(1));
              current = wanted;
              weightsSet.add(wanted.get("site-a"));
              sick = wanted.get("site-a") == sickAt;
              return wanted;
            });
    when(traffic.sampleFrontDoor(SERVICE, 40)).thenAnswer(inv -> frontDoor(40));
    when(traffic.verifyServing(SERVICE, "site-a", 20))
        .thenAnswer(inv -> served("site-a", env.currentTimeMillis()));
  }

  /** Requests split exactly by the weights; site-a's fail with 500 while it is sick. */
  private TrafficSample frontDoor(int requests) {
    int toA = requests * current.get("site-a") / 100;
    Map<String, Integer> served = new LinkedHashMap<>();
    Map<String, Integer> errors = new LinkedHashMap<>();
    if (toA > 0) {
      (sick ? errors : served).put("site-a", toA);
    }
    if (requests - toA > 0) {
      served.put("site-b", requests - toA);
    }
    return new TrafficSample(
        requests, served, errors, Map.of("site-a", 4L, "site-b", 3L), env.currentTimeMillis());
  }

  private FailbackWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        FailbackWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(WorkflowIds.failback(SERVICE))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static FailbackRequest request(GateFailureAction onFailure, List<Integer> approvalAt) {
    return new FailbackRequest(SERVICE, null, null, null, approvalAt, onFailure, "test", null);
  }

  @Test
  void fiveStepsWithFiveMinuteBakesThenTheDatabaseSwitchesLast(
      WorkflowClient client, Worker worker) {
    FailbackResult result =
        stub(client, worker).failback(FailbackRequest.of(SERVICE, "site-a repaired"));

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(weightsSet).containsExactly(10, 25, 50, 75, 100);
    InOrder order = inOrder(database, host, traffic);
    order.verify(host).resyncAsReplica(SERVICE, "site-a", "site-b");
    order.verify(traffic).setWeights(SERVICE, Map.of("site-a", 10, "site-b", 90));
    order.verify(traffic).setWeights(SERVICE, Map.of("site-a", 100, "site-b", 0));
    order.verify(host).fence(SERVICE, "site-b");
    order.verify(database).awaitReplay(SERVICE, "site-a", "0/3000200");
    order.verify(database).promote(SERVICE, "site-a");
    order.verify(host).resyncAsReplica(SERVICE, "site-b", "site-a");
    order.verify(traffic).verifyServing(SERVICE, "site-a", 20);
    assertThat(result.measurements())
        .extracting(StepMeasurement::targetPercent)
        .containsExactly(10, 25, 50, 75, 100);
    assertThat(result.measurements())
        .allSatisfy(
            m -> {
              assertThat(m.gate()).isEqualTo("passed");
              assertThat(m.samples()).isEqualTo(5);
              assertThat(m.sharePercent("site-a"))
                  .isEqualTo(Math.floor(0.4 * m.targetPercent()) * 2.5);
              assertThat(m.endedAtMillis() - m.weightsSetAtMillis()).isGreaterThanOrEqualTo(BAKE);
            });
    assertThat(result.completedAtMillis() - result.startedAtMillis())
        .as("five bakes of workflow time")
        .isGreaterThanOrEqualTo(5 * BAKE);
    assertThat(result.switchover().zeroLossProven()).isTrue();
    assertThat(result.reseededStandby().site()).isEqualTo("site-b");
    assertThat(result.weights()).isEqualTo(Map.of("site-a", 100, "site-b", 0));
  }

  /**
   * Site-b's compute group was scaled up by the failover; the failback leaves it at standby
   * capacity again.
   */
  private void withComputeGroupsOnBothSites() {
    ServiceSpec s = TestFixtures.spec();
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
                POLICY,
                s.notifications(),
                List.of("site-a", "site-b")));
    when(compute.scaleDown(SERVICE, "site-b"))
        .thenReturn(new ScaleResult("site-b", "payments-app-b", 4, 1));
  }

  @Test
  void aCompletedFailbackScalesTheSiteItLeftDownOnlyAfterTheReturningSiteServes(
      WorkflowClient client, Worker worker) {
    withComputeGroupsOnBothSites();

    FailbackResult result =
        stub(client, worker).failback(FailbackRequest.of(SERVICE, "site-a repaired"));

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    InOrder order = inOrder(traffic, database, host, compute);
    order.verify(traffic).setWeights(SERVICE, Map.of("site-a", 100, "site-b", 0));
    order.verify(database).promote(SERVICE, "site-a");
    order.verify(traffic).verifyServing(SERVICE, "site-a", 20);
    order.verify(compute).scaleDown(SERVICE, "site-b");
    verify(compute, never()).scaleDown(SERVICE, "site-a");
    verify(compute, never()).scaleUp(anyString(), anyString());
    assertThat(result.steps())
        .filteredOn(step -> step.name().equals("scale-down-source"))
        .singleElement()
        .satisfies(
            step -> assertThat(step.detail()).isEqualTo("payments-app-b desired capacity 4 -> 1"));
  }

  @Test
  void aFailbackInsideADrillIsAdmittedOnTheDrillsBehalf(WorkflowClient client, Worker worker) {
    stub(client, worker)
        .failback(FailbackRequest.of(SERVICE, "end of a DR drill").onBehalfOf("drill/payments"));

    ArgumentCaptor<dev.standby.model.service.AdmissionRequest> asked =
        ArgumentCaptor.forClass(dev.standby.model.service.AdmissionRequest.class);
    verify(services).admit(asked.capture());
    assertThat(asked.getValue().onBehalfOf()).isEqualTo("drill/payments");
  }

  @Test
  void aRolledBackFailbackLeavesTheServingSiteAtFullCapacity(WorkflowClient client, Worker worker) {
    withComputeGroupsOnBothSites();
    sickAt = 50;

    FailbackResult result = stub(client, worker).failback(FailbackRequest.of(SERVICE, "test"));

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ROLLED_BACK);
    verify(compute, never()).scaleDown(anyString(), anyString());
  }

  @Test
  void aGateThatFailsAtFiftyStepsBackDownOneBakeAtATime(WorkflowClient client, Worker worker) {
    sickAt = 50; // site-a turns sick as soon as it gets half the traffic

    FailbackResult result = stub(client, worker).failback(FailbackRequest.of(SERVICE, "test"));

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ROLLED_BACK);
    assertThat(result.gateFailure()).startsWith("50%: site-a: 20 of 20 sampled requests failed");
    assertThat(weightsSet).containsExactly(10, 25, 50, 25, 10, 0);
    assertThat(result.measurements())
        .extracting(StepMeasurement::phase)
        .containsExactly("shift", "shift", "shift", "step-down", "step-down", "step-down");
    List<StepMeasurement> down = result.measurements().subList(3, 5);
    assertThat(down)
        .allSatisfy(
            m ->
                assertThat(m.endedAtMillis() - m.weightsSetAtMillis())
                    .as("a bake at %d%% on the way down", m.targetPercent())
                    .isGreaterThanOrEqualTo(BAKE));
    assertThat(result.measurements().get(2).gate()).startsWith("failed: site-a: 20 of 20");
    assertThat(result.weights()).isEqualTo(onB);
    verify(host, never()).fence(anyString(), anyString());
    verify(database, never()).promote(anyString(), anyString());
  }

  @Test
  void switchingTheDatabaseAtFiftyMovesItBackAfterARollback(WorkflowClient client, Worker worker) {
    sickAt = 75;
    when(host.fence(SERVICE, "site-a")).thenReturn(new FenceResult("site-a", "0/3000400", false));
    when(database.awaitReplay(SERVICE, "site-b", "0/3000400")).thenReturn(replica("site-b", 0));
    when(database.promote(SERVICE, "site-b")).thenReturn(promoted("site-b"));

    FailbackResult result =
        stub(client, worker)
            .failback(new FailbackRequest(SERVICE, null, null, null, null, null, "test", null, 50));

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ROLLED_BACK);
    assertThat(weightsSet).containsExactly(10, 25, 50, 75, 50, 25, 10, 0);
    InOrder order = inOrder(database, host, traffic);
    order.verify(traffic).setWeights(SERVICE, Map.of("site-a", 50, "site-b", 50));
    order.verify(host).fence(SERVICE, "site-b");
    order.verify(database).awaitReplay(SERVICE, "site-a", "0/3000200");
    order.verify(database).promote(SERVICE, "site-a");
    order.verify(host).resyncAsReplica(SERVICE, "site-b", "site-a");
    order.verify(traffic).setWeights(SERVICE, Map.of("site-a", 75, "site-b", 25));
    order.verify(traffic).setWeights(SERVICE, onB);
    order.verify(host).fence(SERVICE, "site-a");
    order.verify(database).awaitReplay(SERVICE, "site-b", "0/3000400");
    order.verify(database).promote(SERVICE, "site-b");
    order.verify(host).resyncAsReplica(SERVICE, "site-a", "site-b");
    assertThat(result.switchover().zeroLossProven()).isTrue();
    assertThat(result.switchback().zeroLossProven()).isTrue();
    assertThat(result.switchback().sourceFinalLsn()).isEqualTo("0/3000400");
  }

  @Test
  void inHoldModeAFailedGateStepsBackOnceAndWaitsForAPerson(WorkflowClient client, Worker worker) {
    sickAt = 50;
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(GateFailureAction.HOLD, null));

    FailbackProgress held = until(failback, p -> "HELD".equals(p.state()));
    env.sleep(Duration.ofHours(2));
    FailbackProgress stillHeld = failback.progress();

    assertThat(held.weights()).containsEntry("site-a", 25);
    assertThat(held.gateFailure()).startsWith("50%: ");
    assertThat(stillHeld.state()).isEqualTo("HELD");
    assertThat(weightsSet).containsExactly(10, 25, 50, 25);

    sick = false;
    sickAt = -1;
    failback.resume();
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(weightsSet).containsExactly(10, 25, 50, 25, 50, 75, 100);
  }

  @Test
  void pauseHoldsTheShiftAtItsStepUntilResume(WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, FailbackRequest.of(SERVICE, "test"));

    until(failback, p -> "shift-25%".equals(p.currentStep()));
    failback.pause();
    env.sleep(Duration.ofHours(1));
    FailbackProgress paused = failback.progress();

    assertThat(paused.state()).isEqualTo("PAUSED");
    assertThat(paused.currentStep()).isEqualTo("shift-25%");
    assertThat(paused.weights()).containsEntry("site-a", 25);
    assertThat(paused.measurements().get(1).samples())
        .as("the gate keeps sampling while paused")
        .isGreaterThan(30);

    failback.resume();
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(weightsSet).containsExactly(10, 25, 50, 75, 100);
  }

  @Test
  void theProgressOfABakingStepSaysWhenItsBakeStartedAndWhenItEnds(
      WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, FailbackRequest.of(SERVICE, "test"));

    // The step starts before its weights are set; its measurement (and bake) once they are.
    FailbackProgress baking = until(failback, p -> p.measurements().size() == 2);
    StepMeasurement step = baking.measurements().get(1);
    long now = env.currentTimeMillis();

    assertThat(step.targetPercent()).isEqualTo(25);
    assertThat(step.endedAtMillis()).as("still baking").isNull();
    assertThat(step.bakeEndsAtMillis() - step.weightsSetAtMillis())
        .as("the bake's planned length")
        .isEqualTo(BAKE);
    assertThat(now)
        .as("the query's moment falls inside the bake")
        .isBetween(step.weightsSetAtMillis(), step.bakeEndsAtMillis());
    StepMeasurement first = baking.measurements().get(0);
    assertThat(first.bakeEndsAtMillis() - first.weightsSetAtMillis()).isEqualTo(BAKE);
    assertThat(first.endedAtMillis())
        .as("the 10% step ended once its bake was over")
        .isGreaterThanOrEqualTo(first.bakeEndsAtMillis());

    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);
    assertThat(result.measurements())
        .allSatisfy(m -> assertThat(m.bakeEndsAtMillis()).isEqualTo(m.weightsSetAtMillis() + BAKE));
  }

  @Test
  void aStepMarkedForApprovalWaitsForApprove(WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(50)));

    FailbackProgress waiting = until(failback, p -> p.awaitingApprovalAt() != null);
    env.sleep(Duration.ofHours(3));

    assertThat(waiting.state()).isEqualTo("AWAITING_APPROVAL");
    assertThat(waiting.awaitingApprovalAt()).isEqualTo(50);
    assertThat(failback.progress().weights()).containsEntry("site-a", 25);
    assertThat(weightsSet).containsExactly(10, 25);

    failback.approve(new Approval("shift-50%", "alice", 1L, null));
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(result.steps())
        .anySatisfy(
            s -> {
              assertThat(s.name()).isEqualTo("approval-50%");
              assertThat(s.detail()).isEqualTo("approved by alice");
            });
    assertThat(failback.approvals().decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.step()).isEqualTo("shift-50%");
              assertThat(d.answer().by()).isEqualTo("alice");
            });
  }

  @Test
  void anApprovalSentBeforeAnyStepWaitsApprovesNothing(WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(75)));
    until(failback, p -> "shift-10%".equals(p.currentStep()));

    failback.approve(new Approval("shift-75%", "alice", 1L, null));
    FailbackProgress waiting = until(failback, p -> p.awaitingApprovalAt() != null);

    assertThat(waiting.awaitingApprovalAt()).isEqualTo(75);
    assertThat(weightsSet).containsExactly(10, 25, 50);
    failback.abort();
    WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);
  }

  @Test
  void aRejectedStepEndsTheFailbackAbortedWithTheWeightsSteppedBackDown(
      WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(50)));
    until(failback, p -> p.awaitingApprovalAt() != null);

    failback.reject(new Approval("shift-50%", "carol", 1L, "not today"));
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ABORTED);
    assertThat(weightsSet).containsExactly(10, 25, 10, 0);
    assertThat(result.steps())
        .anySatisfy(s -> assertThat(s.detail()).isEqualTo("rejected by carol (not today)"));
    verify(host, never()).fence(anyString(), anyString());
  }

  @Test
  void anUnansweredStepEscalatesThroughTheServicesContactLevelsThenFollowsItsDefault(
      WorkflowClient client, Worker worker) {
    when(topology.describeService(SERVICE))
        .thenReturn(
            withNotify(
                new NotifyPolicy(
                    new ApprovalRequirement(
                        List.of(
                            new ApprovalLevel(600, List.of("U0ONCALL")),
                            new ApprovalLevel(600, List.of("U0BACKUP"))),
                        ApprovalTimeoutAction.ABORT),
                    null)));
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(25)));

    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ABORTED);
    verify(notify)
        .askForApproval(
            argThat(
                ask ->
                    ask.level() == 1
                        && ask.step().equals("shift-25%")
                        && ask.contacts().equals(List.of("U0ONCALL"))
                        && ask.workflowId().equals("failback/payments")));
    verify(notify)
        .escalate(
            argThat(ask -> ask.level() == 2 && ask.contacts().equals(List.of("U0BACKUP"))), any());
    assertThat(weightsSet).containsExactly(10, 0);
  }

  @Test
  void aReturningSiteThatFellSickDuringTheApprovalWaitIsProbedAgainAndTheShiftRollsBack(
      WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(50)));
    until(failback, p -> p.awaitingApprovalAt() != null);
    when(health.probe(SERVICE, "site-a")).thenReturn(TestFixtures.down("site-a"));

    failback.approve(new Approval("shift-50%", "alice", 1L, null));
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ROLLED_BACK);
    assertThat(result.gateFailure())
        .startsWith("50%: site-a is not healthy after the approval wait");
    assertThat(weightsSet).containsExactly(10, 25, 10, 0);
  }

  @Test
  void anAbortWhileAStepWaitsForApprovalWithdrawsTheQuestion(WorkflowClient client, Worker worker) {
    MessageRef asked = new MessageRef("C-payments", "1700000000.000100");
    when(notify.askForApproval(any())).thenReturn(asked);
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(50)));
    until(failback, p -> p.awaitingApprovalAt() != null);

    failback.abort();
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ABORTED);
    assertThat(failback.approvals().decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.verdict()).isEqualTo(ApprovalDecision.Verdict.WITHDRAWN));
    verify(notify).update(eq(asked), contains("withdrawn: the failback was aborted"));
  }

  @Test
  void theInitialNotificationAndTheResolutionArePostedFromTheServicesTemplates(
      WorkflowClient client, Worker worker) {
    when(topology.describeService(SERVICE))
        .thenReturn(
            withNotify(
                new NotifyPolicy(
                    null,
                    new CommsTemplates(
                        "START {kind} of {service} {source}->{target} ({reason})",
                        null,
                        "END {outcome}, approved by {approvedBy}"))));
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, request(null, List.of(100)));
    until(failback, p -> p.awaitingApprovalAt() != null);

    failback.approve(new Approval("shift-100%", "alice", 1L, null));
    WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);

    ArgumentCaptor<String> posted = ArgumentCaptor.forClass(String.class);
    verify(notify, org.mockito.Mockito.atLeast(3)).post(eq(SERVICE), posted.capture());
    assertThat(posted.getAllValues().get(0))
        .isEqualTo("START Failback of payments site-b->site-a (test)");
    assertThat(posted.getAllValues())
        .contains(
            ":arrows_counterclockwise: Failback of *payments* to site-a: "
                + "shift-100% approved by alice");
    assertThat(posted.getAllValues().get(posted.getAllValues().size() - 1))
        .isEqualTo("END completed; weights {site-a=100, site-b=0}, approved by alice");
  }

  private static ServiceSpec withNotify(NotifyPolicy notify) {
    return new ServiceSpec(
        SERVICE,
        List.of("site-a", "site-b"),
        "site-a",
        30_000,
        5_000,
        1_000,
        3,
        20,
        POLICY,
        notify,
        List.of());
  }

  @Test
  void abortReturnsToTheWeightsBeforeTheFailbackStepByStep(WorkflowClient client, Worker worker) {
    FailbackWorkflow failback = stub(client, worker);
    WorkflowClient.start(failback::failback, FailbackRequest.of(SERVICE, "test"));

    until(failback, p -> "shift-75%".equals(p.currentStep()));
    failback.abort();
    FailbackResult result = WorkflowStub.fromTyped(failback).getResult(FailbackResult.class);

    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.ABORTED);
    assertThat(weightsSet).containsExactly(10, 25, 50, 75, 50, 25, 10, 0);
    assertThat(result.measurements().subList(4, 7))
        .allSatisfy(
            m -> {
              assertThat(m.phase()).isEqualTo("abort");
              assertThat(m.endedAtMillis() - m.weightsSetAtMillis()).isGreaterThanOrEqualTo(BAKE);
            });
    assertThat(result.weights()).isEqualTo(onB);
    verify(host, never()).fence(anyString(), anyString());
  }

  @Test
  void stepsThatDoNotIncreaseAreRefusedBeforeAnythingChanges(WorkflowClient client, Worker worker) {
    assertInvalid(
        client,
        worker,
        new FailbackRequest(SERVICE, null, List.of(10, 50, 25, 100), null, null, null, null, null),
        FailureType.INVALID_INPUT,
        "steps must increase (25 comes after 50)");
    assertInvalid(
        client,
        worker,
        new FailbackRequest(SERVICE, null, List.of(10, 50), null, null, null, null, null),
        FailureType.INVALID_INPUT,
        "the last step must be 100");
    assertInvalid(
        client,
        worker,
        new FailbackRequest(SERVICE, null, List.of(0, 100), null, null, null, null, null),
        FailureType.INVALID_INPUT,
        "from 1 to 100");
    assertInvalid(
        client,
        worker,
        new FailbackRequest(SERVICE, null, null, null, List.of(60), null, null, null),
        FailureType.INVALID_INPUT,
        "approvalAt [60] names no step");
    assertInvalid(
        client,
        worker,
        new FailbackRequest(SERVICE, "site-z", null, null, null, null, null, null),
        FailureType.UNKNOWN_SITE,
        "targetSite 'site-z' is not a site of payments");
    assertInvalid(
        client,
        worker,
        new FailbackRequest(SERVICE, null, null, null, null, null, null, null, 60),
        FailureType.INVALID_INPUT,
        "switchDatabaseAt 60 is not one of the steps");
  }

  @Test
  void anOriginalSiteThatIsStillSickIsRefusedBeforeAnythingChanges(
      WorkflowClient client, Worker worker) {
    when(health.probe(SERVICE, "site-a")).thenReturn(TestFixtures.down("site-a"));

    assertInvalid(
        client,
        worker,
        FailbackRequest.of(SERVICE, "test"),
        FailureType.TARGET_UNHEALTHY,
        "site-a is not healthy yet");
  }

  @Test
  void aResyncThatCannotRunFailsTheFailbackBeforeAnyTrafficMoves(
      WorkflowClient client, Worker worker) {
    when(host.resyncAsReplica(SERVICE, "site-a", "site-b"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "site-a's database has no 'local' block",
                FailureType.RESYNC_NOT_CONFIGURED.type()));

    assertThatThrownBy(() -> stub(client, worker).failback(FailbackRequest.of(SERVICE, "test")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getType()).isEqualTo(FailureType.RESYNC_NOT_CONFIGURED.type()));
    verify(traffic, never()).setWeights(anyString(), anyMap());
  }

  @Test
  void aSwitchoverThatCannotCatchUpGivesTheOldPrimaryItsWritesBack(
      WorkflowClient client, Worker worker) {
    when(database.awaitReplay(SERVICE, "site-a", "0/3000200"))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "site-a's database is not a replica any more",
                FailureType.TARGET_NOT_REPLICA.type()));

    assertThatThrownBy(() -> stub(client, worker).failback(FailbackRequest.of(SERVICE, "test")))
        .isInstanceOf(WorkflowFailedException.class);

    InOrder order = inOrder(database, host);
    order.verify(host).fence(SERVICE, "site-b");
    order.verify(host).unfence(SERVICE, "site-b");
    verify(database, never()).promote(anyString(), anyString());
    assertThat(weightsSet).containsExactly(10, 25, 50, 75, 100);
  }

  private void assertInvalid(
      WorkflowClient client,
      Worker worker,
      FailbackRequest request,
      FailureType type,
      String message) {
    assertThatThrownBy(() -> stub(client, worker).failback(request))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(type.type());
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains(message);
            });
    verify(host, never()).resyncAsReplica(anyString(), anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), anyMap());
  }

  /**
   * Lets workflow time pass in small slices until the progress query satisfies {@code condition}.
   */
  private FailbackProgress until(FailbackWorkflow failback, Predicate<FailbackProgress> condition) {
    for (int i = 0; i < 2_000; i++) {
      try {
        FailbackProgress p = failback.progress();
        if (condition.test(p)) {
          return p;
        }
      } catch (RuntimeException notStartedYet) {
        // the first workflow task has not run
      }
      env.sleep(Duration.ofSeconds(20));
    }
    throw new AssertionError("the failback never got there: " + failback.progress());
  }
}
