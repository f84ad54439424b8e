package dev.standby.workflows;

import dev.standby.activities.ServiceActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ScheduleRequester;
import dev.standby.model.service.ServiceState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * A run's side of its service's admission: it asks {@code service/<name>} before it touches
 * anything, acts on the state it is given, and reports its end once, whatever the end (also when it
 * fails or is canceled).
 */
public final class ServiceAdmission {
  private static final Logger log = Workflow.getLogger(ServiceAdmission.class);

  private final ServiceActivities service = Workflow.newActivityStub(ServiceActivities.class);
  private AdmissionRequest request;
  private Admission admission;
  private boolean finished;

  /**
   * Asks to be admitted, as step {@code admit} of {@code timeline} (null: a run whose timeline is
   * its procedure, such as a runbook's, records no step).
   *
   * @param requestedBy the request's requester; {@link ScheduleRequester#NAME} marks a scheduled
   *     run, whose refusal is a skip
   */
  public Admission admit(
      StepTimeline timeline,
      String serviceName,
      OperationKind kind,
      boolean planned,
      String requestedBy,
      String onBehalfOf) {
    WorkflowInfo info = Workflow.getInfo();
    request =
        new AdmissionRequest(
            serviceName,
            kind,
            info.getWorkflowId(),
            info.getRunId(),
            planned,
            ScheduleRequester.isSchedule(requestedBy),
            requestedBy,
            onBehalfOf);
    if (timeline == null) {
      admission = service.admit(request);
      return admission;
    }
    int step = timeline.start("admit");
    try {
      admission = service.admit(request);
    } catch (RuntimeException e) {
      timeline.finish(step, StepStatus.FAILED, StepTimeline.rootMessage(e));
      throw e;
    }
    if (admission.admitted()) {
      timeline.finish(
          step,
          StepStatus.COMPLETED,
          "admitted; primary "
              + admission.state().primarySite()
              + (admission.preempted() == null ? "" : ", preempted " + admission.preempted()));
    } else {
      timeline.finish(step, StepStatus.SKIPPED, admission.refusal());
    }
    return admission;
  }

  /** Admitted, or refused a scheduled run: the run ends SKIPPED and says why. */
  public boolean skipped() {
    return !admission.admitted() && request.scheduled();
  }

  public boolean admitted() {
    return admission != null && admission.admitted();
  }

  public String refusal() {
    return admission.refusal();
  }

  /** The service as the admission found it: the run acts on its primary. */
  public ServiceState state() {
    return admission.state();
  }

  /** What a person's refused run fails with: the refusal names the running operation. */
  public ApplicationFailure refused() {
    return Failures.nonRetryable(FailureType.OPERATION_REFUSED, admission.refusal());
  }

  /** A report of this run's end with nothing moved; the caller adds what it did. */
  public OperationReport report(OperationOutcome outcome, String detail) {
    return OperationReport.ended(request, outcome, detail);
  }

  /**
   * Runs {@code body} as the admitted run: its result is reported by {@code ended}, a failure as
   * FAILED and a cancellation as CANCELED, each once, before the run ends.
   */
  public <T> T run(Supplier<T> body, java.util.function.Function<T, OperationReport> ended) {
    T result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      finish(report(ended(e), StepTimeline.rootMessage(e)));
      throw e;
    }
    finish(ended.apply(result));
    return result;
  }

  /**
   * The outcome of a run that threw {@code e}: CANCELED when the run itself was canceled (the
   * service's preemption cancels it too), FAILED otherwise.
   */
  public static OperationOutcome ended(RuntimeException e) {
    return e instanceof CanceledFailure || CancellationScope.current().isCancelRequested()
        ? OperationOutcome.CANCELED
        : OperationOutcome.FAILED;
  }

  /**
   * Tells the service how the run ended, once, in a scope of its own so a canceled run still
   * reports. A service that cannot be told notices the closed run by itself, so this never fails
   * the run.
   */
  public void finish(OperationReport report) {
    if (finished || !admitted()) {
      return;
    }
    finished = true;
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                service.finish(report);
              } catch (ActivityFailure e) {
                log.warn(
                    "could not report the end of {} to its service: {}",
                    request.workflowId(),
                    StepTimeline.rootMessage(e));
              }
            })
        .run();
  }
}
