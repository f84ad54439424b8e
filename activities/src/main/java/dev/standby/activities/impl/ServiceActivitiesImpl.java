package dev.standby.activities.impl;

import dev.standby.activities.ServiceActivities;
import dev.standby.metrics.OperationMetrics;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceRunRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.ServiceWorkflowNames;
import dev.standby.topology.Topology;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches {@code service/<name>} through the worker's own Temporal client: admissions are updates,
 * reports are signals (with start, so a report is never lost to a service workflow that is not
 * running), the state is a query.
 */
public class ServiceActivitiesImpl implements ServiceActivities {
  private static final Logger log = LoggerFactory.getLogger(ServiceActivitiesImpl.class);

  /** How long {@link #cancelRun} waits for the canceled run to close. */
  static final long CANCEL_WAIT_SECONDS = 10;

  private final WorkflowClient client;
  private final Topology topology;
  private final OperationMetrics metrics;

  public ServiceActivitiesImpl(WorkflowClient client, Topology topology, OperationMetrics metrics) {
    this.client = client;
    this.topology = topology;
    this.metrics = metrics;
  }

  @Override
  public Admission admit(AdmissionRequest request) {
    known(request.service());
    Admission admission;
    try {
      admission =
          service(request.service()).update(ServiceWorkflowNames.ADMIT, Admission.class, request);
    } catch (WorkflowNotFoundException e) {
      start(request.service());
      admission =
          service(request.service()).update(ServiceWorkflowNames.ADMIT, Admission.class, request);
    }
    metrics.state(admission.state());
    log.info(
        "service {}: {} {}",
        request.service(),
        request.workflowId(),
        admission.admitted() ? "admitted" : "refused: " + admission.refusal());
    return admission;
  }

  @Override
  public void finish(OperationReport report) {
    known(report.service());
    startOptions(report.service())
        .signalWithStart(
            ServiceWorkflowNames.FINISH,
            new Object[] {report},
            new Object[] {startRequest(report.service())});
    metrics.ended(report);
  }

  @Override
  public ServiceState current(String service) {
    known(service);
    ServiceState state;
    try {
      state = service(service).query(ServiceWorkflowNames.STATE, ServiceState.class);
    } catch (WorkflowNotFoundException e) {
      start(service);
      // Retried by the activity's policy until the new run has taken its first workflow task.
      throw Failures.retryable(
          Failures.UNREACHABLE, "service/" + service + " was not running: started it", e);
    }
    if (state == null) {
      throw Failures.retryable(
          Failures.UNREACHABLE, "service/" + service + " has not read its state yet", null);
    }
    metrics.state(state);
    return state;
  }

  @Override
  public boolean cancelRun(String workflowId, String reason) {
    if (!isOpen(workflowId, null)) {
      return false;
    }
    WorkflowStub run = client.newUntypedWorkflowStub(workflowId);
    log.info("canceling {}: {}", workflowId, reason);
    run.cancel();
    try {
      run.getResult(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS, Object.class);
    } catch (TimeoutException e) {
      log.warn("{} did not close within {} s of its cancellation", workflowId, CANCEL_WAIT_SECONDS);
    } catch (RuntimeException closedOtherwise) {
      // canceled or failed: closed either way
    }
    return true;
  }

  @Override
  public boolean isOpen(String workflowId, String runId) {
    try {
      var described =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(workflowId)
                              .setRunId(runId == null ? "" : runId))
                      .build());
      return described.getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private WorkflowStub service(String service) {
    return client.newUntypedWorkflowStub(
        ServiceWorkflowNames.workflowId(service), Optional.empty(), Optional.empty());
  }

  private void start(String service) {
    try {
      startOptions(service).start(startRequest(service));
      log.info("started service/{}", service);
    } catch (WorkflowExecutionAlreadyStarted e) {
      // started meanwhile by the worker or another activity: fine
    } catch (WorkflowServiceException e) {
      if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw e;
      }
    }
  }

  private WorkflowStub startOptions(String service) {
    return client.newUntypedWorkflowStub(
        ServiceWorkflowNames.WORKFLOW_TYPE,
        WorkflowOptions.newBuilder()
            .setWorkflowId(ServiceWorkflowNames.workflowId(service))
            .setTaskQueue(topology.temporal().taskQueue())
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(SearchAttributeKey.forKeyword("StandbyService"), service)
                    .set(SearchAttributeKey.forKeyword("StandbyKind"), "service")
                    .build())
            .build());
  }

  /** How a service workflow starts: its reconcile interval is the topology's. */
  public static ServiceRunRequest startRequest(Topology topology, String service) {
    var monitor = topology.services().get(service).monitor();
    return new ServiceRunRequest(service, monitor.reconcile().toMillis(), monitor.watch(), null);
  }

  private ServiceRunRequest startRequest(String service) {
    return startRequest(topology, service);
  }

  private void known(String service) {
    if (service == null || !topology.services().containsKey(service)) {
      throw Failures.nonRetryable(
          FailureType.UNKNOWN_SERVICE,
          "no service '"
              + service
              + "' in the topology (services: "
              + topology.services().keySet()
              + ")");
    }
  }
}
