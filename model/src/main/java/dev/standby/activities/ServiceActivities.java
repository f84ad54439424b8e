package dev.standby.activities;

import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The service's state, from the runs' side: every run is admitted by its service before it acts,
 * and tells the service how it ended. Backed by the {@code service/<name>} workflow (updates,
 * signals and queries through the worker's Temporal client).
 */
@ActivityInterface(namePrefix = "Service")
public interface ServiceActivities {

  /**
   * Asks {@code service/<name>} to admit the run, starting that workflow first if it is not
   * running. Asking again for the same run returns the same answer.
   */
  @ActivityMethod
  Admission admit(AdmissionRequest request);

  /** Tells the service how an admitted run ended. Repeats change nothing. */
  @ActivityMethod
  void finish(OperationReport report);

  /** The service's state now (its primary, sites, protection), without admission. */
  @ActivityMethod
  ServiceState current(String service);

  /**
   * Requests cancellation of the open run of {@code workflowId} and waits a few seconds for it to
   * close. Returns false when no such run was open.
   */
  @ActivityMethod
  boolean cancelRun(String workflowId, String reason);

  /** Whether a run of {@code workflowId} (of {@code runId} when given) is still open. */
  @ActivityMethod
  boolean isOpen(String workflowId, String runId);
}
