package dev.standby.workflows.runbook;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.runbook.Acknowledgement;
import dev.standby.model.runbook.EscalationLevel;
import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookAction;
import dev.standby.model.runbook.RunbookProgress;
import dev.standby.model.runbook.RunbookResult;
import dev.standby.model.runbook.RunbookRunRequest;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.model.runbook.StepEscalation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.workflows.ServiceAdmission;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import dev.standby.workflows.approval.ApprovalGate;
import dev.standby.workflows.comms.RunComms;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

public class RunbookWorkflowImpl implements RunbookWorkflow {
  static final String ROLLBACK_PREFIX = "rollback:";

  /** A run its service did not admit because it was started by a schedule and met another. */
  static final String SKIPPED = "SKIPPED";

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);
  private final StepTimeline timeline = new StepTimeline();
  private final ServiceAdmission admission = new ServiceAdmission();
  private final ApprovalGate approvals = new ApprovalGate();
  private final Acknowledgements acknowledgements = new Acknowledgements();
  private final List<StepEscalation> escalations = new ArrayList<>();
  private final List<Promise<?>> escalationPosts = new ArrayList<>();
  private Runbook runbook;
  private String state = "RUNNING";
  private StepActions actions;
  private RunComms comms;

  /** The first step of a batch that failed, and why. */
  private record StepFailure(String step, String why) {}

  @Override
  public RunbookResult run(RunbookRunRequest request) {
    long startedAt = Workflow.getInfo().getRunStartedTimestampMillis();
    runbook = request == null ? null : request.runbook();
    if (runbook == null || runbook.service() == null || runbook.procedure().isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "the request carries no runbook with a service and a procedure");
    }
    // A runbook that moves the service pauses its monitor while it runs; one that only checks,
    // backs up or asks people leaves the watch on.
    boolean moves =
        java.util.stream.Stream.concat(runbook.procedure().stream(), runbook.rollback().stream())
            .anyMatch(
                s -> s.action() == RunbookAction.FAILOVER || s.action() == RunbookAction.FAILBACK);
    admission.admit(
        null, runbook.service(), OperationKind.RUNBOOK, moves, request.requestedBy(), null);
    if (admission.skipped()) {
      state = SKIPPED;
      return new RunbookResult(
          runbook.name(),
          runbook.service(),
          SKIPPED,
          null,
          admission.refusal(),
          timeline.steps(),
          List.of(),
          List.of(),
          List.of(),
          startedAt,
          Workflow.currentTimeMillis());
    }
    if (!admission.admitted()) {
      state = "REFUSED";
      throw admission.refused();
    }
    return admission.run(() -> admitted(request, startedAt), this::report);
  }

  /** Where the service stands after the run: its outcome as the service's history records it. */
  private OperationReport report(RunbookResult result) {
    OperationOutcome outcome =
        switch (result.outcome()) {
          case RunbookResult.COMPLETED -> OperationOutcome.COMPLETED;
          case RunbookResult.ROLLED_BACK -> OperationOutcome.ROLLED_BACK;
          default -> OperationOutcome.FAILED;
        };
    return admission
        .report(
            outcome,
            result.failedStep() == null
                ? "runbook " + result.runbook() + " completed"
                : "runbook "
                    + result.runbook()
                    + " failed at "
                    + result.failedStep()
                    + ": "
                    + result.failure())
        .subtype(result.runbook())
        .withSteps(timeline.steps());
  }

  private RunbookResult admitted(RunbookRunRequest request, long startedAt) {
    ServiceSpec spec = topology.describeService(runbook.service());
    StandbySearchAttributes.upsert(spec.name(), "runbook", admission.state().primarySite());
    comms =
        new RunComms("Runbook " + runbook.name(), spec.name(), runbook.communication().comms())
            .set("reason", request.reason())
            .set("requestedBy", request.requestedBy())
            .set("rtoObjective", RunComms.millis(spec.rtoMillis()))
            .set("rpoObjective", RunComms.millis(spec.rpoMillis()));
    actions =
        new StepActions(
            runbook,
            spec,
            comms,
            approvals,
            acknowledgements,
            request.requestedBy(),
            Workflow.getInfo().getWorkflowId());
    comms.initial();
    try {
      StepFailure failed = runSteps(runbook.procedure(), "");
      String outcome;
      if (failed == null) {
        state = RunbookResult.COMPLETED;
        outcome = "completed: all " + runbook.procedure().size() + " steps done";
      } else {
        state = "ROLLING_BACK";
        comms.update(
            "step "
                + failed.step()
                + " failed: "
                + failed.why()
                + "; running the rollback procedure");
        StepFailure rollbackFailed = runSteps(runbook.rollback(), ROLLBACK_PREFIX);
        state = rollbackFailed == null ? RunbookResult.ROLLED_BACK : RunbookResult.ROLLBACK_FAILED;
        outcome =
            "failed at "
                + failed.step()
                + " ("
                + failed.why()
                + "); "
                + (rollbackFailed == null
                    ? "rolled back"
                    : "ROLLBACK FAILED at " + rollbackFailed.step() + ": " + rollbackFailed.why());
      }
      comms.resolution(outcome);
      waitForEscalationPosts();
      return new RunbookResult(
          runbook.name(),
          spec.name(),
          state,
          failed == null ? null : failed.step(),
          failed == null ? null : failed.why(),
          timeline.steps(),
          approvals.status().decisions(),
          acknowledgements.received(),
          List.copyOf(escalations),
          startedAt,
          Workflow.currentTimeMillis());
    } catch (CanceledFailure e) {
      state = "CANCELLED";
      comms.resolution("cancelled by an operator at " + timeline.currentStep());
      throw e;
    }
  }

  /**
   * Runs the steps in order, consecutive steps of one group side by side. After a failure the rest
   * of the procedure is skipped; a rollback goes on past a failed step (undoing as much as it can)
   * and reports the first failure.
   */
  private StepFailure runSteps(List<RunbookStep> steps, String prefix) {
    StepFailure first = null;
    int i = 0;
    while (i < steps.size()) {
      int end = i + 1;
      String group = steps.get(i).group();
      while (group != null && end < steps.size() && group.equals(steps.get(end).group())) {
        end++;
      }
      List<Promise<StepFailure>> batch = new ArrayList<>();
      for (RunbookStep step : steps.subList(i, end)) {
        batch.add(Async.function(() -> runStep(step, prefix)));
      }
      for (Promise<StepFailure> step : batch) {
        StepFailure failure = step.get();
        first = first == null ? failure : first;
      }
      i = end;
      if (first != null && prefix.isEmpty()) {
        break;
      }
    }
    return first;
  }

  /**
   * Runs one step in its own cancellation scope while its estimate ticks. Each time the estimate
   * passes the next contact level is told; a step marked {@code onOverrun: fail} is cancelled after
   * the first. Approval steps escalate through the gate's own timers instead.
   */
  private StepFailure runStep(RunbookStep step, String prefix) {
    String name = prefix + step.id();
    int index = timeline.start(name);
    CompletablePromise<String> outcome = Workflow.newPromise();
    CancellationScope scope =
        Workflow.newCancellationScope(
            () -> outcome.completeFrom(Async.function(actions::perform, step)));
    scope.run();
    boolean selfEscalating = step.action() == RunbookAction.APPROVAL;
    int level = 0;
    while (!selfEscalating
        && !Workflow.await(Duration.ofMillis(step.estimatedMillis()), outcome::isCompleted)) {
      level++;
      escalate(name, step, level);
      if (RunbookStep.FAIL.equals(step.onOverrun())) {
        scope.cancel("overran its estimate");
        String why =
            "ran past its estimate of "
                + RunComms.millis(step.estimatedMillis())
                + " (onOverrun: fail)";
        timeline.finish(index, StepStatus.FAILED, why);
        comms.update(name + " failed: " + why);
        return new StepFailure(name, why);
      }
      if (level >= runbook.escalation().size()) {
        break;
      }
    }
    try {
      String detail = outcome.get();
      timeline.finish(index, StepStatus.COMPLETED, detail);
      comms.update(name + " done: " + detail);
      return null;
    } catch (CanceledFailure e) {
      throw e;
    } catch (TemporalFailure e) {
      String why = RunComms.why(e);
      timeline.finish(index, StepStatus.FAILED, why);
      comms.update(name + " failed: " + why);
      return new StepFailure(name, why);
    }
  }

  /**
   * Tells contact level {@code level} (the last one again when there are no more) that a step runs
   * late.
   */
  private void escalate(String name, RunbookStep step, int level) {
    List<EscalationLevel> levels = runbook.escalation();
    EscalationLevel contacts = levels.get(Math.min(level, levels.size()) - 1);
    escalations.add(
        new StepEscalation(
            name, contacts.level(), Workflow.currentTimeMillis(), contacts.contacts()));
    String text =
        ":warning: Runbook "
            + runbook.name()
            + ": step "
            + name
            + " ("
            + step.owner()
            + ") has run "
            + RunComms.millis(step.estimatedMillis() * level)
            + ", past its estimate of "
            + RunComms.millis(step.estimatedMillis())
            + ". Escalating to level "
            + contacts.level()
            + " ("
            + contacts.name()
            + "): "
            + contacts.contacts().stream()
                .map(RunbookWorkflowImpl::mention)
                .collect(Collectors.joining(" "));
    escalationPosts.add(Async.function(notify::post, runbook.service(), text));
  }

  private void waitForEscalationPosts() {
    for (Promise<?> post : escalationPosts) {
      try {
        post.get();
      } catch (ActivityFailure e) {
        Workflow.getLogger(RunbookWorkflowImpl.class)
            .warn("An escalation was not posted: {}", RunComms.why(e));
      }
    }
  }

  /** Slack mentions users as {@code <@U123>} and user groups as {@code <!subteam^S123>}. */
  static String mention(String contact) {
    return contact.startsWith("S") ? "<!subteam^" + contact + ">" : "<@" + contact + ">";
  }

  @Override
  public RunbookProgress progress() {
    return new RunbookProgress(
        runbook == null ? null : runbook.name(),
        runbook == null ? null : runbook.service(),
        state,
        timeline.steps(),
        acknowledgements.waiting(),
        approvals.status(),
        acknowledgements.received(),
        List.copyOf(escalations));
  }

  @Override
  public ApprovalStatus approvals() {
    return approvals.status();
  }

  @Override
  public void acknowledge(Acknowledgement acknowledgement) {
    acknowledgements.record(acknowledgement);
  }

  @Override
  public void approve(Approval approval) {
    approvals.approve(approval);
  }

  @Override
  public void reject(Approval approval) {
    approvals.reject(approval);
  }
}
