package dev.standby.workflows.service;

import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceRunRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.ServiceWorkflowNames;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One per service, for as long as the service exists: holds its state (current primary, every
 * site's role and condition, protection, the operation in progress, a bounded history), admits one
 * operation at a time, watches the service with its health monitor, and reads every site's database
 * on a timer to fence a second writable primary. Workflow id: {@code service/<name>}, started by
 * the worker for every service of its topology.
 */
@WorkflowInterface
public interface ServiceWorkflow {

  @WorkflowMethod(name = ServiceWorkflowNames.WORKFLOW_TYPE)
  void run(ServiceRunRequest request);

  @QueryMethod(name = ServiceWorkflowNames.STATE)
  ServiceState state();

  /**
   * Admits a run (it then acts on the returned state's primary) or refuses it, naming the running
   * operation. Idempotent per workflow id and run id.
   */
  @UpdateMethod(name = ServiceWorkflowNames.ADMIT)
  Admission admit(AdmissionRequest request);

  @UpdateValidatorMethod(updateName = ServiceWorkflowNames.ADMIT)
  void validateAdmit(AdmissionRequest request);

  /** An admitted run ended: the state takes in its result. Repeats change nothing. */
  @SignalMethod(name = ServiceWorkflowNames.FINISH)
  void finish(OperationReport report);

  /** Turns the service's health monitor on or off (the API's POST and DELETE /monitors). */
  @SignalMethod
  void watch(boolean on);

  /** Reads every site's database now instead of at the next tick. */
  @SignalMethod
  void reconcileNow();
}
