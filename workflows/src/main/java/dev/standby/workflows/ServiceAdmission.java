package dev.standby.workflows;

import dev.standby.activities.ServiceActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ScheduleRequester;
import dev.standby.model.service.ServiceState;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link ServiceRun} for the runs a schedule may start (drills, backups, restore verifications) and
 * runbooks: the admission as a step of the run's timeline, a refusal that skips a scheduled run and
 * fails a person's, and the body run so that its end is reported once, also when it fails or is
 * canceled.
 */
public final class ServiceAdmission {
  private final ServiceActivities services = Workflow.newActivityStub(ServiceActivities.class);
  private ServiceRun run;
  private boolean scheduled;

  /**
   * Asks to be admitted, as step {@code admit} of {@code timeline} (null: a run whose timeline is
   * its procedure, such as a runbook's, records no step).
   *
   * @param requestedBy the request's requester; {@link ScheduleRequester#NAME} marks a scheduled
   *     run, whose refusal is a skip
   */
  public void admit(
      StepTimeline timeline,
      String service,
      OperationKind kind,
      boolean planned,
      String requestedBy,
      String onBehalfOf) {
    scheduled = ScheduleRequester.isSchedule(requestedBy);
    Supplier<ServiceRun> ask =
        () ->
            ServiceRun.ask(
                services,
                ServiceRun.request(service, kind, planned, scheduled, requestedBy, onBehalfOf));
    if (timeline == null) {
      run = ask.get();
      return;
    }
    int step = timeline.start("admit");
    try {
      run = ask.get();
    } catch (RuntimeException e) {
      timeline.finish(step, StepStatus.FAILED, StepTimeline.rootMessage(e));
      throw e;
    }
    if (run.admitted()) {
      timeline.finish(step, StepStatus.COMPLETED, "admitted; primary " + run.state().primarySite());
    } else {
      timeline.finish(step, StepStatus.SKIPPED, run.refusal());
    }
  }

  /** A scheduled run the service refused: it ends SKIPPED and says why. */
  public boolean skipped() {
    return !run.admitted() && scheduled;
  }

  public boolean admitted() {
    return run != null && run.admitted();
  }

  /** Why the service refused: it names the running operation and its workflow id. */
  public String refusal() {
    return run.refusal();
  }

  /** The service as the admission found it: the run acts on its primary. */
  public ServiceState state() {
    return run.state();
  }

  /** What a person's refused run fails with. */
  public ApplicationFailure refused() {
    return Failures.nonRetryable(FailureType.OPERATION_REFUSED, run.refusal());
  }

  /** A report of this run's end with nothing moved; the caller adds what it did. */
  public OperationReport report(OperationOutcome outcome, String detail) {
    return run.report(outcome, detail);
  }

  /**
   * Runs {@code body} as the admitted run: its result is reported by {@code ended}, a failure as
   * FAILED and a cancellation as CANCELED, each once, before the run ends.
   */
  public <T> T run(Supplier<T> body, Function<T, OperationReport> ended) {
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      run.finish(report(ended(e), StepTimeline.rootMessage(e)));
      throw e;
    }
    run.finish(ended.apply(result));
    return result;
  }

  /**
   * The outcome of a run that threw {@code e}: CANCELED when the run itself was canceled (the
   * service's preemption cancels it too; an activity or child then fails with the cancellation as
   * its cause, or not at all), FAILED otherwise.
   */
  public static OperationOutcome ended(RuntimeException e) {
    return CancellationScope.current().isCancelRequested()
        ? OperationOutcome.CANCELED
        : ServiceRun.outcomeOf(e);
  }
}
