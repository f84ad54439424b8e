package dev.standby.api.runs;

import dev.standby.api.errors.ApiException;
import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.api.topology.KnownServices;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.ServiceWorkflowNames;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.service.ServiceWorkflow;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * Reads a service's state from its {@code service/<name>} workflow (the one source of truth the
 * worker keeps for every service of its topology), and refuses a start that would collide with the
 * operation holding the service.
 */
public final class ServiceStates {
  /** A run of these API kinds is an operation on its service: one at a time, whatever the kind. */
  private static final Map<String, OperationKind> OPERATIONS =
      Map.of(
          "failover", OperationKind.FAILOVER,
          "failback", OperationKind.FAILBACK,
          "drill", OperationKind.DRILL,
          "backup", OperationKind.BACKUP,
          "restore", OperationKind.RESTORE_VERIFY,
          "restore-verify", OperationKind.RESTORE_VERIFY,
          "runbook", OperationKind.RUNBOOK);

  private final WorkflowRuns runs;
  private final KnownServices services;
  private final WorkflowLinks links;

  ServiceStates(WorkflowRuns runs, KnownServices services, WorkflowLinks links) {
    this.runs = runs;
    this.services = services;
    this.links = links;
  }

  /** A service's state and the run of its workflow that answered. */
  public record Read(ServiceState state, RunRef workflow) {}

  /**
   * The service's state now: 404 for a service the topology lacks (naming those it has), 503 when
   * its workflow is not running or no worker answers.
   */
  public Read read(String service) {
    services.require(service, null);
    ServiceRun run = run(service);
    LatestRun latest =
        runs.find(run).orElseThrow(() -> unavailable(service, "has never been started"));
    if (!latest.isRunning()) {
      throw unavailable(service, "is not running (" + latest.status() + ")");
    }
    QueryAnswer<ServiceState> state = latest.query(ServiceWorkflowNames.STATE, ServiceState.class);
    if (state.value() == null) {
      throw new ApiException(
          Response.Status.SERVICE_UNAVAILABLE,
          "the state of " + service + " cannot be read: " + state.unavailable());
    }
    return new Read(state.value(), latest.ref());
  }

  /**
   * The service's last readiness evaluation: 404 for a service the topology lacks, 503 while its
   * readiness workflow is not running or has not evaluated yet.
   */
  public Readiness readiness(String service) {
    services.require(service, null);
    String id = WorkflowIds.readiness(service);
    LatestRun latest =
        runs.find(new ServiceRun("readiness", service, id))
            .orElseThrow(() -> notEvaluated(service, id, "has never been started"));
    if (!latest.isRunning()) {
      throw notEvaluated(service, id, "is not running (" + latest.status() + ")");
    }
    QueryAnswer<Readiness> answer = latest.query("readiness", Readiness.class);
    if (answer.value() == null) {
      throw notEvaluated(
          service,
          id,
          answer.unavailable() == null
              ? "has not finished its first evaluation"
              : "cannot be queried: " + answer.unavailable());
    }
    return answer.value();
  }

  private static ApiException notEvaluated(String service, String id, String why) {
    return new ApiException(
        Response.Status.SERVICE_UNAVAILABLE,
        "the readiness of "
            + service
            + " is not available: its workflow "
            + id
            + " "
            + why
            + ". The worker starts it for every service of its topology");
  }

  /**
   * The topology's services, in its order; 404 saying how to give the API its topology when it has
   * none (it lists only the services the worker serves, and only the topology says which those
   * are).
   */
  public List<String> names() {
    List<String> known = services.names();
    if (known == null) {
      throw ApiException.notFound(
          "the API has no topology file, so it cannot list the services: give it the worker's"
              + " (topologyFile in config.yml, or STANDBY_API_TOPOLOGY); GET /services/{name}"
              + " still answers for one service");
    }
    return known;
  }

  /**
   * Refuses a start with 409 naming the operation that holds the service, and starts nothing. A run
   * of the same workflow id is left to Temporal, whose own 409 says it is already running; a run
   * that is no operation (a monitor) is not checked.
   */
  void requireFree(ServiceRun run, boolean unplannedFailover) {
    OperationKind kind = OPERATIONS.get(run.kind());
    if (kind == null) {
      return;
    }
    Operation holding;
    try {
      holding = read(run.service()).state().operation();
    } catch (ApiException e) {
      if (e.getResponse().getStatus() != Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
        throw e;
      }
      throw new ApiException(
          Response.Status.SERVICE_UNAVAILABLE,
          "the " + run.describe() + " was not started: " + e.getMessage());
    }
    if (holding == null || holding.workflowId().equals(run.workflowId())) {
      return;
    }
    if (unplannedFailover
        && kind == OperationKind.FAILOVER
        && holding.kind().yieldsToUnplannedFailover()) {
      return;
    }
    RunningOperation running = RunningOperation.of(holding, links);
    String message =
        run.service()
            + " is held by "
            + running.describe()
            + " (running since "
            + running.startedAt()
            + "): one operation per service at a time, so the "
            + run.kind()
            + " was not started";
    throw ApiException.conflict(message, new ServiceBusy(message, run.service(), running));
  }

  /**
   * Turns the service's own health monitor on or off; 404 for an unknown service, 503 when its
   * workflow is not running.
   */
  public RunRef watch(String service, boolean on) {
    Read read = read(service);
    if (!runs.signalOpen(
        WorkflowIds.service(service), ServiceWorkflow.class, workflow -> workflow.watch(on))) {
      throw unavailable(service, "closed before it took the signal");
    }
    return read.workflow();
  }

  /** Links into the Temporal UI, for the operations a state names. */
  public WorkflowLinks links() {
    return links;
  }

  private static ServiceRun run(String service) {
    return new ServiceRun("service", service, WorkflowIds.service(service));
  }

  private static ApiException unavailable(String service, String why) {
    return new ApiException(
        Response.Status.SERVICE_UNAVAILABLE,
        "the state of "
            + service
            + " is not available: its workflow "
            + WorkflowIds.service(service)
            + " "
            + why
            + ". Is the worker running? It starts "
            + WorkflowIds.service("<name>")
            + " for every service of its topology");
  }
}
