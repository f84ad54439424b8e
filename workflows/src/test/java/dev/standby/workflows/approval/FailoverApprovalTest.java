package dev.standby.workflows.approval;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.fenced;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.promoted;
import static dev.standby.workflows.TestFixtures.replica;
import static dev.standby.workflows.TestFixtures.served;
import static dev.standby.workflows.TestFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.CommsTemplates;
import dev.standby.model.FailureType;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.ApprovalDecision.Verdict;
import dev.standby.model.approval.ApprovalLevel;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.approval.ApprovalTimeoutAction;
import dev.standby.model.approval.MessageRef;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.model.database.ResyncResult.Method;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.failover.FailoverWorkflowImpl;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A failover that asks for approval before it changes anything, with time skipped through the
 * escalation.
 */
class FailoverApprovalTest {
  private static final String STEP = FailoverWorkflowImpl.PROMOTE_STEP;
  private static final MessageRef MESSAGE = new MessageRef("C-payments", "1700000000.000100");

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
  private final Map<String, Integer> onB = Map.of("site-a", 0, "site-b", 100);
  private TestWorkflowEnvironment env;
  private FailoverWorkflow failover;

  @BeforeEach
  void healthyLab(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(topology, health, database, traffic, notify, services);
    TestFixtures.onSiteHosts(env, host);
    env.start();
    this.env = env;
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(health.liveness(SERVICE, "site-b")).thenReturn(healthy("site-b"));
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
    when(notify.askForApproval(any())).thenReturn(MESSAGE);
    when(notify.escalate(any(), any()))
        .thenReturn(new MessageRef("C-payments", "1700000000.000200"));
    failover =
        client.newWorkflowStub(
            FailoverWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.failover(SERVICE))
                .setTaskQueue(worker.getTaskQueue())
                .build());
  }

  @Test
  void anApprovedFailoverPromotesAndRecordsWhoApproved() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.ABORT, 300, 300, 600));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    failover.approve(new Approval(STEP, "alice", 1L, "go"));
    FailoverResult result = result();

    verify(notify)
        .askForApproval(
            argThat(
                ask ->
                    ask.level() == 1
                        && STEP.equals(ask.step())
                        && "failover/payments".equals(ask.workflowId())
                        && ask.summary().contains("requested by bob")));
    verify(notify, never()).escalate(any(), any());
    verify(notify).update(eq(MESSAGE), contains("approved by alice (go)"));
    verify(database).promote(SERVICE, "site-b");
    assertThat(result.steps())
        .extracting(StepRecord::name)
        .containsSubsequence("check-target", "await-approval", "fence-source", "promote-target");
    assertThat(step(result, "await-approval").detail()).isEqualTo("approved by alice (go)");
    assertThat(failover.approvals().decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.answer().by()).isEqualTo("alice"));
  }

  @Test
  void aRejectedFailoverChangesNothing() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.PROCEED, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    failover.reject(new Approval(STEP, "carol", 1L, "not during the sale"));

    assertThat(failure())
        .satisfies(
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.APPROVAL_REJECTED.type());
              assertThat(f.getOriginalMessage())
                  .contains("rejected by carol (not during the sale)", "nothing was changed");
            });
    verify(notify).update(eq(MESSAGE), contains("rejected by carol"));
    assertNothingChanged();
  }

  @Test
  void nobodyAnsweringEscalatesToLevelTwoByTimerThenAnApprovalThere() {
    start(
        new ApprovalRequirement(
            java.util.List.of(
                new dev.standby.model.approval.ApprovalLevel(300, java.util.List.of("U-oncall")),
                new dev.standby.model.approval.ApprovalLevel(600, java.util.List.of("U-backup"))),
            ApprovalTimeoutAction.ABORT));
    awaitApprovals(s -> s.level() == 1);
    verify(notify, never()).escalate(any(), any());

    env.sleep(Duration.ofSeconds(301));
    ApprovalStatus atLevelTwo = awaitApprovals(s -> s.level() == 2);
    failover.approve(new Approval(STEP, "dave", 2L, null));
    FailoverResult result = result();

    assertThat(atLevelTwo.pendingStep()).isEqualTo(STEP);
    verify(notify)
        .escalate(
            argThat((ApprovalAsk ask) -> ask.level() == 2 && ask.contacts().contains("U-backup")),
            eq(MESSAGE));
    assertThat(step(result, "await-approval").detail()).isEqualTo("approved by dave");
    assertThat(failover.approvals().decisions().get(0).level()).isEqualTo(2);
    verify(database).promote(SERVICE, "site-b");
  }

  @Test
  void whenTheLastLevelTimesOutProceedGoesAhead() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.PROCEED, 60, 60, 60));

    FailoverResult result = result();

    verify(notify, org.mockito.Mockito.times(2)).escalate(any(), any());
    assertThat(failover.approvals().decisions())
        .singleElement()
        .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.PROCEEDED_ON_TIMEOUT));
    assertThat(step(result, "await-approval").detail()).contains("proceeding");
    verify(database).promote(SERVICE, "site-b");
    verify(notify).update(eq(MESSAGE), contains("nobody answered up to level 3: proceeding"));
  }

  @Test
  void whenTheLastLevelTimesOutAbortChangesNothing() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.ABORT, 60, 60));

    assertThat(failure())
        .satisfies(
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.APPROVAL_TIMED_OUT.type());
              assertThat(f.getOriginalMessage()).contains("nobody answered up to level 2: aborted");
            });
    assertNothingChanged();
  }

  @Test
  void whenTheLastLevelTimesOutKeepWaitingWaitsForAnAnswer() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.KEEP_WAITING, 60, 60));
    awaitApprovals(s -> s.level() == 1);

    env.sleep(Duration.ofDays(2));
    ApprovalStatus stillWaiting = failover.approvals();
    verify(host, never()).fence(anyString(), anyString());
    failover.approve(new Approval(STEP, "erin", 3L, null));
    FailoverResult result = result();

    assertThat(stillWaiting.pendingStep()).isEqualTo(STEP);
    assertThat(stillWaiting.level()).isEqualTo(2);
    assertThat(step(result, "await-approval").detail()).isEqualTo("approved by erin");
  }

  @Test
  void aRepeatedApprovalAndALateRejectionChangeNothing() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.ABORT, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    failover.approve(new Approval(STEP, "alice", 1L, null));
    failover.approve(new Approval(STEP, "alice", 1L, null));
    failover.reject(new Approval(STEP, "mallory", 2L, null));
    FailoverResult result = result();

    assertThat(failover.approvals().decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.verdict()).isEqualTo(Verdict.APPROVED);
              assertThat(d.answer().by()).isEqualTo("alice");
            });
    assertThat(result.steps()).filteredOn(s -> s.name().equals("promote-target")).hasSize(1);
  }

  @Test
  void anAnswerForAnotherStepDoesNotLetThisOneThrough() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.ABORT, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    failover.approve(new Approval("move-traffic", "alice", 1L, null));
    failover.approve(new Approval(STEP, "", 1L, null));

    assertThat(failure().getType()).isEqualTo(FailureType.APPROVAL_TIMED_OUT.type());
    assertNothingChanged();
  }

  @Test
  void withoutARequirementNobodyIsAsked() {
    WorkflowClient.start(failover::failover, FailoverRequest.planned(SERVICE, "site-b", "test"));

    FailoverResult result = result();

    assertThat(result.steps())
        .extracting(StepRecord::name)
        .doesNotContain("await-approval", "recheck-target");
    verify(notify, never()).askForApproval(any());
    verify(notify, never()).escalate(any(), any());
  }

  @Test
  void withoutLevelsInTheRequestTheServicesContactLevelsFromTheTopologyAreAsked() {
    when(topology.describeService(SERVICE))
        .thenReturn(
            withNotify(
                new NotifyPolicy(
                    new ApprovalRequirement(
                        List.of(
                            new ApprovalLevel(120, List.of("U0ONCALL")),
                            new ApprovalLevel(120, List.of("U0BACKUP"))),
                        ApprovalTimeoutAction.ABORT),
                    null)));
    start(new ApprovalRequirement(null, null));

    assertThat(failure().getOriginalMessage()).contains("nobody answered up to level 2: aborted");
    verify(notify)
        .askForApproval(
            argThat(
                ask ->
                    ask.level() == 1
                        && ask.contacts().equals(List.of("U0ONCALL"))
                        && ask.timeoutSeconds() == 120));
    verify(notify)
        .escalate(
            argThat(
                (ApprovalAsk ask) ->
                    ask.level() == 2 && ask.contacts().equals(List.of("U0BACKUP"))),
            eq(MESSAGE));
    assertNothingChanged();
  }

  @Test
  void aTargetThatFellSickDuringTheApprovalWaitIsCheckedAgainAndNothingChanges() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.ABORT, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));
    when(health.liveness(SERVICE, "site-b")).thenReturn(TestFixtures.down("site-b"));

    failover.approve(new Approval(STEP, "alice", 1L, null));

    assertThat(failure())
        .satisfies(
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.TARGET_UNHEALTHY.type());
              assertThat(f.getOriginalMessage()).contains("site-b cannot take over");
            });
    verify(health, times(2)).liveness(SERVICE, "site-b");
    assertNothingChanged();
  }

  @Test
  void theInitialNotificationUpdatesAndResolutionArePostedWithTheRunsValues() {
    when(topology.describeService(SERVICE))
        .thenReturn(
            withNotify(
                new NotifyPolicy(
                    null,
                    new CommsTemplates(
                        "START {kind} {service} {source}->{target} {mode} by {requestedBy}: {reason}; RTO {rtoObjective}",
                        "UPDATE {status}",
                        "END {outcome}; RTO {rto}; loss {dataLoss}; approved by {approvedBy}"))));
    start(ApprovalRequirement.of(ApprovalTimeoutAction.ABORT, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    failover.approve(new Approval(STEP, "alice", 1L, null));
    result();

    ArgumentCaptor<String> posted = ArgumentCaptor.forClass(String.class);
    verify(notify, times(4)).post(eq(SERVICE), posted.capture());
    assertThat(posted.getAllValues())
        .containsExactly(
            "START Failover payments site-a->site-b PLANNED by bob: maintenance; RTO 30.0 s",
            "UPDATE promote-target approved by alice",
            "UPDATE promoted at LSN 0/3000200, timeline 2 on site-b; moving traffic",
            "END completed: 20/20 real requests served by site-b; RTO "
                + posted.getAllValues().get(3).replaceAll(".*RTO ([^;]+);.*", "$1")
                + "; loss none: site-b replayed site-a's last LSN 0/3000200"
                + " before promotion; approved by alice");
  }

  @Test
  void aFailedFailoverStillPostsItsResolution() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.PROCEED, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    failover.reject(new Approval(STEP, "carol", 1L, null));
    failure();

    verify(notify)
        .post(
            eq(SERVICE),
            argThat(
                text ->
                    text.contains(
                        "Failover of *payments* to site-b FAILED at "
                            + "await-approval: failover not approved: rejected by carol")));
  }

  @Test
  void aFailoverCanceledWhileItWaitsSaysCanceledNotFailed() {
    start(ApprovalRequirement.of(ApprovalTimeoutAction.PROCEED, 300));
    awaitApprovals(s -> STEP.equals(s.pendingStep()));

    WorkflowStub.fromTyped(failover).cancel();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(this::result))
        .isInstanceOf(WorkflowFailedException.class);

    verify(services)
        .finish(
            argThat(
                r ->
                    r.outcome() == dev.standby.model.service.OperationOutcome.CANCELED
                        && "canceled at await-approval".equals(r.detail())));
    verify(notify)
        .post(eq(SERVICE), argThat(text -> text.contains("to site-b CANCELED at await-approval")));
  }

  private static ServiceSpec withNotify(NotifyPolicy notify) {
    ServiceSpec s = spec();
    return new ServiceSpec(
        s.name(),
        s.sites(),
        s.primarySite(),
        s.rtoMillis(),
        s.rpoMillis(),
        s.monitorIntervalMillis(),
        s.monitorFailureThreshold(),
        s.verifyRequests(),
        s.failback(),
        notify,
        List.of());
  }

  private void start(ApprovalRequirement requirement) {
    FailoverRequest request =
        new FailoverRequest(SERVICE, "site-b", null, null, "maintenance", "bob", null)
            .withApproval(requirement);
    WorkflowClient.start(failover::failover, request);
  }

  private FailoverResult result() {
    return WorkflowStub.fromTyped(failover).getResult(FailoverResult.class);
  }

  private ApplicationFailure failure() {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(this::result);
    assertThat(thrown).isInstanceOf(WorkflowFailedException.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown.getCause();
  }

  /**
   * Queries until the condition holds: queries do not skip time, so the run is seen at its real
   * pace.
   */
  private ApprovalStatus awaitApprovals(Predicate<ApprovalStatus> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ApprovalStatus last = null;
    while (System.nanoTime() < deadline) {
      last = failover.approvals();
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("approvals never reached the expected state; last: " + last);
  }

  private void assertNothingChanged() {
    verify(host, never()).fence(anyString(), anyString());
    verify(database, never()).promote(anyString(), anyString());
    verify(traffic, never()).setWeights(anyString(), anyMap());
  }

  private static StepRecord step(FailoverResult result, String name) {
    return result.steps().stream()
        .filter(s -> s.name().equals(name) && s.status() == StepStatus.COMPLETED)
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no completed step " + name + " in " + result.steps()));
  }
}
