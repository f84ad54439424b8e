package dev.standby.workflows;

import dev.standby.activities.ServiceActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;

/**
 * A run as its service admitted it: the state it acts on, and the one report of how it ended. Every
 * run that changes or reads a service's databases goes through this.
 */
public final class ServiceRun {
  private final ServiceActivities services;
  private final AdmissionRequest request;
  private final Admission admission;
  private boolean finished;

  private ServiceRun(ServiceActivities services, AdmissionRequest request, Admission admission) {
    this.services = services;
    this.request = request;
    this.admission = admission;
  }

  /** Asks the service; the answer may be a refusal ({@link #admitted()} false). */
  public static ServiceRun ask(ServiceActivities services, AdmissionRequest request) {
    return new ServiceRun(services, request, services.admit(request));
  }

  /** The admission for this workflow's own run. */
  public static AdmissionRequest request(
      String service,
      OperationKind kind,
      boolean planned,
      boolean scheduled,
      String requestedBy,
      String onBehalfOf) {
    var info = Workflow.getInfo();
    return new AdmissionRequest(
        service,
        kind,
        info.getWorkflowId(),
        info.getRunId(),
        planned,
        scheduled,
        requestedBy,
        onBehalfOf);
  }

  /** Admitted, or a non-retryable OPERATION_REFUSED that names what holds the service. */
  public static ServiceRun admit(
      ServiceActivities services,
      String service,
      OperationKind kind,
      boolean planned,
      String requestedBy,
      String onBehalfOf) {
    ServiceRun run = ask(services, request(service, kind, planned, false, requestedBy, onBehalfOf));
    if (!run.admitted()) {
      throw Failures.nonRetryable(FailureType.OPERATION_REFUSED, run.refusal());
    }
    return run;
  }

  public boolean admitted() {
    return admission.admitted();
  }

  public String refusal() {
    return admission.refusal();
  }

  public ServiceState state() {
    return admission.state();
  }

  public OperationReport report(OperationOutcome outcome, String detail) {
    return OperationReport.ended(request, outcome, detail);
  }

  /**
   * Tells the service, once, even while the run is being canceled. A report that cannot be sent is
   * logged: the service notices a closed run by itself.
   */
  public void finish(OperationReport report) {
    if (finished || !admission.admitted()) {
      return;
    }
    finished = true;
    Workflow.newDetachedCancellationScope(
            () -> {
              try {
                services.finish(report);
              } catch (ActivityFailure e) {
                Workflow.getLogger(ServiceRun.class)
                    .warn(
                        "could not tell service/{} how {} ended: {}",
                        request.service(),
                        request.workflowId(),
                        e.getMessage());
              }
            })
        .run();
  }

  /** A run that ends by an exception was canceled, or failed. */
  public static OperationOutcome outcomeOf(Throwable e) {
    return e instanceof CanceledFailure || e.getCause() instanceof CanceledFailure
        ? OperationOutcome.CANCELED
        : OperationOutcome.FAILED;
  }
}
