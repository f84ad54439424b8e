package dev.standby.workflows.runbook;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.readOnly;
import static dev.standby.workflows.TestFixtures.served;
import static dev.standby.workflows.TestFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.standby.activities.HealthActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Progress;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalDecision.Verdict;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.approval.MessageRef;
import dev.standby.model.failover.DataLossEvidence;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.runbook.Acknowledgement;
import dev.standby.model.runbook.CommunicationPlan;
import dev.standby.model.runbook.EscalationLevel;
import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookAction;
import dev.standby.model.runbook.RunbookProgress;
import dev.standby.model.runbook.RunbookResult;
import dev.standby.model.runbook.RunbookRunRequest;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.model.runbook.RunbookStep.RunbookCheck;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The runbook engine with time skipped: parallel groups, overruns that escalate, rollback, people's
 * signals.
 */
class RunbookWorkflowTest {
  /** Failover requests the fake child received, in order. */
  static final List<FailoverRequest> FAILOVERS = new CopyOnWriteArrayList<>();

  /** Workflow ids the fake backup children ran under. */
  static final List<String> CHILD_IDS = new CopyOnWriteArrayList<>();

  /** The onBehalfOf of every backup and restore-verify request the fake children received. */
  static final List<String> CHILDREN_ON_BEHALF_OF = new CopyOnWriteArrayList<>();

  static final java.util.concurrent.atomic.AtomicBoolean RESTORE_VERIFIED =
      new java.util.concurrent.atomic.AtomicBoolean();

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              RunbookWorkflowImpl.class,
              FakeFailover.class,
              FakeBackup.class,
              FakeRestoreVerify.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final HealthActivities health = mockActivity(HealthActivities.class);
  private final TrafficActivities traffic = mockActivity(TrafficActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);
  private final ServiceActivities service =
      ServiceFixtures.admitting(TestFixtures.serviceState("site-a"));
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private String taskQueue;
  private RunbookWorkflow run;

  @BeforeEach
  void lab(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(topology, health, traffic, notify, service);
    env.start();
    this.env = env;
    this.client = client;
    this.taskQueue = worker.getTaskQueue();
    FAILOVERS.clear();
    CHILD_IDS.clear();
    CHILDREN_ON_BEHALF_OF.clear();
    when(topology.describeService(SERVICE)).thenReturn(spec());
    when(notify.post(anyString(), anyString())).thenReturn(new MessageRef("C-payments", "1.0"));
    when(notify.askForApproval(any())).thenReturn(new MessageRef("C-payments", "2.0"));
    run =
        client.newWorkflowStub(
            RunbookWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.runbook(SERVICE))
                .setTaskQueue(taskQueue)
                .build());
  }

  @Test
  void stepsOfAGroupRunSideBySideAndTheRunWaitsForAllOfThem() {
    start(
        runbook(
            List.of(
                manual("page-dba", "assess"),
                manual("page-network", "assess"),
                manual("decide", null))));

    RunbookProgress both = awaitProgress(p -> p.awaitingAcknowledgement().size() == 2);
    assertThat(both.awaitingAcknowledgement()).containsExactly("page-dba", "page-network");
    assertThat(both.steps())
        .extracting(StepRecord::startedAtMillis)
        .containsOnly(both.steps().get(0).startedAtMillis());

    run.acknowledge(new Acknowledgement("page-network", "carol", 1L, null));
    awaitProgress(p -> p.awaitingAcknowledgement().equals(List.of("page-dba")));
    run.acknowledge(new Acknowledgement("decide", "carol", 2L, "too early"));
    run.acknowledge(new Acknowledgement("page-dba", "dave", 3L, "DBA on the bridge"));
    awaitProgress(p -> p.awaitingAcknowledgement().equals(List.of("decide")));
    run.acknowledge(new Acknowledgement("decide", "erin", 4L, null));
    RunbookResult result = result();

    assertThat(result.outcome()).isEqualTo(RunbookResult.COMPLETED);
    assertThat(result.acknowledgements())
        .extracting(Acknowledgement::step, Acknowledgement::by)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("page-network", "carol"),
            org.assertj.core.groups.Tuple.tuple("page-dba", "dave"),
            org.assertj.core.groups.Tuple.tuple("decide", "erin"));
    assertThat(step(result, "page-dba").detail())
        .isEqualTo("acknowledged by dave (DBA on the bridge)");
    assertThat(step(result, "decide").startedAtMillis())
        .isGreaterThanOrEqualTo(step(result, "page-dba").endedAtMillis());
  }

  @Test
  void aStepPastItsEstimateEscalatesLevelByLevelAndGoesOnWaiting() {
    start(runbook(List.of(manual("confirm-flow", null))));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("confirm-flow"));

    env.sleep(Duration.ofMinutes(11));
    RunbookProgress late = awaitProgress(p -> p.escalations().size() == 2);
    assertThat(late.escalations()).extracting(e -> e.level()).containsExactly(1, 2);
    assertThat(late.escalations().get(1).contacts()).containsExactly("U0SRELEAD", "S0SRETEAM");
    run.acknowledge(new Acknowledgement("confirm-flow", "alice", 1L, null));
    RunbookResult result = result();

    assertThat(result.outcome()).isEqualTo(RunbookResult.COMPLETED);
    assertThat(result.escalations()).hasSize(2);
    verify(notify).post(eq(SERVICE), contains("Escalating to level 1 (on-call SRE): <@U0ONCALL1>"));
    verify(notify)
        .post(
            eq(SERVICE),
            contains("Escalating to level 2 (SRE lead): <@U0SRELEAD> <!subteam^S0SRETEAM>"));
    verify(notify, never()).post(eq(SERVICE), contains("Escalating to level 3"));
  }

  @Test
  void aFailedStepSkipsTheRestAndRunsTheRollbackProcedure() {
    when(health.probe(SERVICE, "site-a")).thenReturn(healthy("site-a"));
    RunbookStep confirmDown =
        step(
            "confirm-primary-down",
            RunbookAction.VERIFY_HEALTH,
            null,
            "site-a",
            "unhealthy",
            null,
            null,
            List.of(),
            null);
    RunbookStep failover =
        step(
            "failover",
            RunbookAction.FAILOVER,
            null,
            "site-b",
            null,
            "unplanned",
            null,
            List.of(),
            null);
    start(runbook(List.of(confirmDown, failover)));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("restore-by-hand"));
    assertThat(run.progress().state()).isEqualTo("ROLLING_BACK");
    run.acknowledge(new Acknowledgement("restore-by-hand", "bob", 1L, "site-a restarted"));
    RunbookResult result = result();

    assertThat(result.outcome()).isEqualTo(RunbookResult.ROLLED_BACK);
    assertThat(result.failedStep()).isEqualTo("confirm-primary-down");
    assertThat(result.failure()).startsWith("site-a is not unhealthy: HTTP 200 status=ok");
    assertThat(result.steps())
        .extracting(StepRecord::name, StepRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("confirm-primary-down", StepStatus.FAILED),
            org.assertj.core.groups.Tuple.tuple("rollback:announce-rollback", StepStatus.COMPLETED),
            org.assertj.core.groups.Tuple.tuple("rollback:restore-by-hand", StepStatus.COMPLETED));
    assertThat(FAILOVERS).as("nothing after the failed step ran").isEmpty();
    verify(notify)
        .post(
            eq(SERVICE),
            org.mockito.ArgumentMatchers.startsWith(
                ":warning: rolling back: step confirm-primary-down failed: site-a is not unhealthy: HTTP 200 status=ok"));
    verify(notify)
        .post(
            eq(SERVICE),
            org.mockito.ArgumentMatchers.startsWith(
                "Runbook test-runbook for payments: failed at "
                    + "confirm-primary-down (site-a is not unhealthy"));
  }

  @Test
  void anApprovalGateAsksTheRunbooksContactsAndAFailoverRunsAsAChildWithItsChecks() {
    when(health.probe(SERVICE, "site-b")).thenReturn(readOnly("site-b"));
    when(traffic.verifyServing(SERVICE, "site-b", 20)).thenReturn(served("site-b", 5L));
    RunbookStep ready =
        step(
            "check-standby",
            RunbookAction.VERIFY_HEALTH,
            null,
            "site-b",
            "ready",
            null,
            null,
            List.of(),
            null);
    RunbookStep approve =
        step(
            "approve-failover",
            RunbookAction.APPROVAL,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null);
    RunbookStep failover =
        step(
            "failover",
            RunbookAction.FAILOVER,
            null,
            "site-b",
            null,
            "unplanned",
            null,
            List.of(new RunbookCheck("serving", "site-b")),
            null);
    start(runbook(List.of(ready, approve, failover)));
    awaitApprovals(s -> "approve-failover".equals(s.pendingStep()));

    run.approve(new Approval("approve-failover", "ic-alice", 1L, "site-a confirmed down"));
    RunbookResult result = result();

    assertThat(result.outcome()).isEqualTo(RunbookResult.COMPLETED);
    verify(notify)
        .askForApproval(
            org.mockito.ArgumentMatchers.argThat(
                ask ->
                    ask.level() == 1
                        && ask.workflowId().equals("runbook/payments")
                        && ask.contacts().equals(List.of("U0ONCALL1"))
                        && ask.timeoutSeconds() == 600));
    assertThat(result.approvals())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.verdict()).isEqualTo(Verdict.APPROVED);
              assertThat(d.answer().by()).isEqualTo("ic-alice");
            });
    assertThat(FAILOVERS)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.targetSite()).isEqualTo("site-b");
              assertThat(r.mode()).isEqualTo(FailoverMode.UNPLANNED);
              assertThat(r.reason()).isEqualTo("runbook test-runbook, step failover");
              assertThat(r.onBehalfOf()).isEqualTo("runbook/payments");
            });
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .extracting(OperationReport::outcome)
        .isEqualTo(OperationOutcome.COMPLETED);
    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(service).admit(asked.capture());
    assertThat(asked.getValue().kind()).isEqualTo(OperationKind.RUNBOOK);
    assertThat(asked.getValue().planned()).as("it fails the service over").isTrue();
    assertThat(step(result, "failover").detail())
        .contains("UNPLANNED failover to site-b: 20/20 real requests")
        .endsWith("checks: 20/20 real requests served by site-b");
    verify(notify).post(SERVICE, "Runbook test-runbook started for payments by bob: drill");
    verify(notify).post(SERVICE, "Runbook test-runbook for payments: completed: all 3 steps done");
  }

  @Test
  void aRejectedApprovalFailsItsStepAndRollsBack() {
    RunbookStep approve =
        step(
            "approve-failover",
            RunbookAction.APPROVAL,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null);
    start(runbook(List.of(approve)));
    awaitApprovals(s -> "approve-failover".equals(s.pendingStep()));

    run.reject(new Approval("approve-failover", "ic-alice", 1L, "site-a is coming back"));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("restore-by-hand"));
    run.acknowledge(new Acknowledgement("restore-by-hand", "bob", 1L, null));
    RunbookResult result = result();

    assertThat(result.outcome()).isEqualTo(RunbookResult.ROLLED_BACK);
    assertThat(result.failure())
        .isEqualTo("approve-failover rejected by ic-alice (site-a is coming back)");
  }

  @Test
  void aStepMarkedFailOnOverrunIsCancelledAtItsEstimateAndRolledBack() {
    RunbookStep slow =
        step(
            "wait-for-dns",
            RunbookAction.MANUAL,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            RunbookStep.FAIL);
    start(runbook(List.of(slow)));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("wait-for-dns"));

    env.sleep(Duration.ofMinutes(6));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("restore-by-hand"));
    run.acknowledge(new Acknowledgement("wait-for-dns", "late-larry", 1L, null));
    run.acknowledge(new Acknowledgement("restore-by-hand", "bob", 1L, null));
    RunbookResult result = result();

    assertThat(result.outcome()).isEqualTo(RunbookResult.ROLLED_BACK);
    assertThat(result.failure()).isEqualTo("ran past its estimate of 300.0 s (onOverrun: fail)");
    assertThat(result.acknowledgements()).extracting(Acknowledgement::by).containsExactly("bob");
    assertThat(result.escalations())
        .singleElement()
        .satisfies(e -> assertThat(e.level()).isEqualTo(1));
  }

  @Test
  void backupAndRestoreRunAsTheBackupWorkflowsAndAnUnverifiedRestoreFailsItsStep() {
    RunbookStep backup =
        step(
            "backup-current-state",
            RunbookAction.BACKUP,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null);
    RunbookStep restore =
        step(
            "prove-backup-restores",
            RunbookAction.RESTORE,
            null,
            null,
            null,
            null,
            null,
            List.of(),
            null);
    RESTORE_VERIFIED.set(false);
    start(runbook(List.of(backup, restore)));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("restore-by-hand"));
    run.acknowledge(new Acknowledgement("restore-by-hand", "dba-dan", 1L, null));
    RunbookResult result = result();

    assertThat(step(result, "backup-current-state").detail())
        .isEqualTo("backup 20261124T183000Z-1a2b3c4d stored and verified in 0 target(s)");
    assertThat(result.failedStep()).isEqualTo("prove-backup-restores");
    assertThat(result.failure())
        .isEqualTo(
            "backup 20261124T183000Z-1a2b3c4d restored from local in 2.5 s, 1/2 checks passed");
    assertThat(result.outcome()).isEqualTo(RunbookResult.ROLLED_BACK);
    assertThat(CHILD_IDS).containsExactly("backup/payments", "restore-verify/payments");
    assertThat(CHILDREN_ON_BEHALF_OF)
        .as("admitted inside the runbook's operation")
        .containsExactly("runbook/payments", "runbook/payments");
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(OperationKind.RUNBOOK);
              assertThat(r.outcome()).isEqualTo(OperationOutcome.ROLLED_BACK);
              assertThat(r.detail()).contains("failed at prove-backup-restores");
            });
    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(service).admit(asked.capture());
    assertThat(asked.getValue().planned())
        .as("a runbook that moves nothing leaves the monitor watching")
        .isFalse();
  }

  @Test
  void stepsThatNameNoSiteActOnThePrimaryAsTheServiceHasItNow() {
    ServiceFixtures.admitWith(service, ServiceFixtures.failedOverToSiteB());
    when(health.probe(SERVICE, "site-b")).thenReturn(healthy("site-b"));
    when(traffic.verifyServing(SERVICE, "site-b", 20)).thenReturn(served("site-b", 5L));
    RunbookStep primaryHealthy =
        step(
            "primary-healthy",
            RunbookAction.VERIFY_HEALTH,
            null,
            null,
            null,
            null,
            null,
            List.of(new RunbookCheck("serving", null)),
            null);
    start(runbook(List.of(primaryHealthy)));
    RunbookResult result = result();

    assertThat(result.outcome()).as("steps %s", result.steps()).isEqualTo(RunbookResult.COMPLETED);
    assertThat(step(result, "primary-healthy").detail())
        .startsWith("site-b healthy")
        .endsWith("checks: 20/20 real requests served by site-b");
    verify(health, never()).probe(SERVICE, "site-a");
  }

  @Test
  void aRunbookTheServiceRefusesFailsWithTheRefusalAndChangesNothing() {
    ServiceFixtures.refuseAll(service);
    start(runbook(List.of(manual("page-dba", null))));

    assertThatThrownBy(this::result)
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(ServiceFixtures.REFUSAL)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(FailureType.OPERATION_REFUSED.type()));
    verifyNoInteractions(topology, health, traffic, notify);
    verify(service, never()).finish(any());
  }

  @Test
  void aCanceledRunbookTellsItsServiceOnce() {
    start(runbook(List.of(manual("page-dba", null))));
    awaitProgress(p -> p.awaitingAcknowledgement().contains("page-dba"));

    WorkflowStub.fromTyped(run).cancel();

    assertThatThrownBy(this::result)
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(CanceledFailure.class);
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .extracting(OperationReport::outcome)
        .isEqualTo(OperationOutcome.CANCELED);
  }

  // --- helpers

  static Runbook runbook(List<RunbookStep> procedure) {
    RunbookStep announce =
        step(
            "announce-rollback",
            RunbookAction.NOTIFY,
            null,
            null,
            null,
            null,
            "rollback",
            List.of(),
            null);
    RunbookStep byHand =
        step(
            "restore-by-hand", RunbookAction.MANUAL, null, null, null, null, null, List.of(), null);
    return new Runbook(
        "test-runbook",
        "Test runbook",
        SERVICE,
        null,
        List.of(new Runbook.Scenario("Outage", "SEV1", 30_000, 5_000, List.of("site-a down"))),
        procedure,
        List.of(announce, byHand),
        List.of(new Runbook.PostIncidentTask("Review", "SRE", "2d")),
        new CommunicationPlan(
            List.of("#payments-incident"),
            Map.of(
                "initial", "{kind} started for {service} by {requestedBy}: {reason}",
                "update", "{kind} for {service}: {status}",
                "resolution", "{kind} for {service}: {outcome}",
                "rollback", ":warning: rolling back: {status}")),
        List.of(
            new EscalationLevel(1, "on-call SRE", List.of("U0ONCALL1"), 600_000),
            new EscalationLevel(2, "SRE lead", List.of("U0SRELEAD", "S0SRETEAM"), 600_000)));
  }

  static RunbookStep manual(String id, String group) {
    return step(id, RunbookAction.MANUAL, group, null, null, null, null, List.of(), null);
  }

  static RunbookStep step(
      String id,
      RunbookAction action,
      String group,
      String site,
      String expect,
      String mode,
      String template,
      List<RunbookCheck> checks,
      String onOverrun) {
    return new RunbookStep(
        id,
        action,
        "details of " + id,
        "on-call SRE",
        300_000,
        group,
        site,
        expect,
        mode,
        template,
        checks,
        onOverrun);
  }

  private void start(Runbook runbook) {
    WorkflowClient.start(run::run, new RunbookRunRequest(runbook, "drill", "bob"));
  }

  private RunbookResult result() {
    return WorkflowStub.fromTyped(run).getResult(RunbookResult.class);
  }

  private static StepRecord step(RunbookResult result, String name) {
    return result.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private RunbookProgress awaitProgress(Predicate<RunbookProgress> condition) {
    return await(() -> run.progress(), condition);
  }

  private ApprovalStatus awaitApprovals(Predicate<ApprovalStatus> condition) {
    return await(() -> run.approvals(), condition);
  }

  /**
   * Polls a query on the real clock; the test server's clock does not move while the run waits on a
   * signal.
   */
  private static <T> T await(java.util.function.Supplier<T> query, Predicate<T> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = query.get();
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("never satisfied; last: " + last);
  }

  /**
   * Stands in for the failover workflow: records the request, answers as a successful unplanned
   * failover.
   */
  public static class FakeFailover implements FailoverWorkflow {
    @Override
    public FailoverResult failover(FailoverRequest request) {
      FAILOVERS.add(request);
      long now = Workflow.currentTimeMillis();
      return new FailoverResult(
          request.service(),
          "site-a",
          request.targetSite(),
          request.mode(),
          now,
          now,
          null,
          1_200,
          new DataLossEvidence(
              false, null, "0/3000200", now, "2 orders after the last replayed commit"),
          served(request.targetSite(), now),
          Map.of("site-a", 0, "site-b", 100),
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

  /** Stands in for the backup workflow: a backup with no copies, under the id it ran as. */
  public static class FakeBackup implements dev.standby.workflows.backup.BackupWorkflow {
    @Override
    public dev.standby.model.backup.BackupResult backup(
        dev.standby.model.backup.BackupRequest request) {
      CHILD_IDS.add(Workflow.getInfo().getWorkflowId());
      CHILDREN_ON_BEHALF_OF.add(request.onBehalfOf());
      return new dev.standby.model.backup.BackupResult(
          request.service(),
          new dev.standby.model.backup.BackupManifest(
              "20261124T183000Z-1a2b3c4d",
              request.service(),
              0,
              null,
              null,
              null,
              0,
              0,
              null,
              null,
              null,
              null),
          null,
          List.of());
    }

    @Override
    public Progress progress() {
      return null;
    }
  }

  /** Stands in for restore verification: restored, with the outcome the test sets. */
  public static class FakeRestoreVerify
      implements dev.standby.workflows.backup.RestoreVerifyWorkflow {
    @Override
    public dev.standby.model.backup.RestoreVerifyResult restoreVerify(
        dev.standby.model.backup.RestoreVerifyRequest request) {
      CHILD_IDS.add(Workflow.getInfo().getWorkflowId());
      CHILDREN_ON_BEHALF_OF.add(request.onBehalfOf());
      return new dev.standby.model.backup.RestoreVerifyResult(
          request.service(),
          "20261124T183000Z-1a2b3c4d",
          "local",
          List.of(),
          2_500,
          List.of(
              new dev.standby.model.backup.ConsistencyCheck("rows", true, null),
              new dev.standby.model.backup.ConsistencyCheck(
                  "orders", RESTORE_VERIFIED.get(), null)),
          RESTORE_VERIFIED.get());
    }

    @Override
    public Progress progress() {
      return null;
    }
  }
}
