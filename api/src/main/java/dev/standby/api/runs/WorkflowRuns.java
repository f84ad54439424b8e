package dev.standby.api.runs;

import dev.standby.api.errors.ApiError;
import dev.standby.api.errors.ApiException;
import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.api.topology.KnownServices;
import dev.standby.workflows.StandbySearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/** Starts and finds the runs of a service's workflows, one kind and service at a time. */
public final class WorkflowRuns {
  private final WorkflowClient client;
  private final String taskQueue;
  private final WorkflowLinks links;
  private final Duration queryTimeout;
  private final KnownServices services;
  private final ServiceStates states;

  /**
   * @param queryTimeout how long a status page waits for a query's answer before it goes without
   */
  public WorkflowRuns(
      WorkflowClient client, String taskQueue, WorkflowLinks links, Duration queryTimeout) {
    this(client, taskQueue, links, queryTimeout, KnownServices.none());
  }

  /**
   * @param services checked before every start, so a run of an unknown service or site is refused,
   *     not started
   */
  public WorkflowRuns(
      WorkflowClient client,
      String taskQueue,
      WorkflowLinks links,
      Duration queryTimeout,
      KnownServices services) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.links = links;
    this.queryTimeout = queryTimeout;
    this.services = services;
    this.states = new ServiceStates(this, services, links);
  }

  /** The services' own state, as their {@code service/<name>} workflows hold it. */
  public ServiceStates states() {
    return states;
  }

  /**
   * Starts a run, or refuses with 409 and the run in the way while one is in progress.
   *
   * @see #start(ServiceRun, boolean, Class, SearchAttributes, String, Function)
   */
  public <W> RunRef start(
      ServiceRun run,
      Class<W> workflowType,
      SearchAttributes searchAttributes,
      String summary,
      Function<W, WorkflowExecution> start) {
    return start(run, false, workflowType, searchAttributes, summary, start);
  }

  /**
   * Starts a run, or refuses it and starts nothing: 404/422 for a service or site the topology
   * lacks, 409 naming the operation that holds the service (an operation of another kind, or
   * another run of this kind), 503 when the service's state cannot be read.
   *
   * @param unplannedFailover an unplanned failover, which the service lets preempt a drill or a
   *     backup
   * @param start starts the workflow method on the typed stub, e.g. {@code wf ->
   *     WorkflowClient.start(wf::failover, request)}
   */
  public <W> RunRef start(
      ServiceRun run,
      boolean unplannedFailover,
      Class<W> workflowType,
      SearchAttributes searchAttributes,
      String summary,
      Function<W, WorkflowExecution> start) {
    services.require(run.service(), searchAttributes.get(StandbySearchAttributes.SITE));
    states.requireFree(run, unplannedFailover);
    return launch(run, workflowType, searchAttributes, summary, start);
  }

  /**
   * Starts a run of a whole site (a region plan), or refuses it and starts nothing: 404 for a site
   * the topology lacks, 409 while a run with its id is open. Each service the run touches is
   * admitted by its own state when the run reaches it.
   */
  public <W> RunRef startForSite(
      ServiceRun run,
      Class<W> workflowType,
      SearchAttributes searchAttributes,
      String summary,
      Function<W, WorkflowExecution> start) {
    services.requireSite(run.service());
    return launch(run, workflowType, searchAttributes, summary, start);
  }

  private <W> RunRef launch(
      ServiceRun run,
      Class<W> workflowType,
      SearchAttributes searchAttributes,
      String summary,
      Function<W, WorkflowExecution> start) {
    W stub =
        client.newWorkflowStub(
            workflowType,
            WorkflowOptions.newBuilder()
                .setWorkflowId(run.workflowId())
                .setTaskQueue(taskQueue)
                // A new run once the last one closed, whatever its outcome (a failback after a
                // failover, a retry after
                // a failed one); never two at once: Temporal refuses the start while a run with
                // this id is open.
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .setTypedSearchAttributes(searchAttributes)
                .setStaticSummary(summary)
                .build());
    try {
      return ref(start.apply(stub));
    } catch (WorkflowExecutionAlreadyStarted e) {
      String message = "a " + run.describe() + " is already running";
      WorkflowExecution running = e.getExecution();
      throw ApiException.conflict(
          message,
          new AlreadyRunning(
              message, running.getWorkflowId(), running.getRunId(), links.history(running)));
    }
  }

  /**
   * The newest run under the id, or 404 when there has never been one (or its history was deleted).
   */
  public LatestRun latest(ServiceRun run) {
    return find(run).orElseThrow(() -> notFound(run));
  }

  /** The newest run under the id; empty when there has never been one. */
  public Optional<LatestRun> find(ServiceRun run) {
    try {
      WorkflowExecutionDescription description =
          client.newUntypedWorkflowStub(run.workflowId()).describe();
      WorkflowStub pinned =
          client.newUntypedWorkflowStub(description.getExecution(), Optional.empty());
      return Optional.of(new LatestRun(run, description, pinned, links, queryTimeout));
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Signals whichever run holds the id when the signal lands (a long-running workflow that
   * continued as new is still reached), through its typed stub so the signal's name is the
   * interface's.
   *
   * @return false when no run of the id is open
   */
  <W> boolean signalOpen(String workflowId, Class<W> workflowType, Consumer<W> signal) {
    try {
      signal.accept(client.newWorkflowStub(workflowType, workflowId));
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  /**
   * The newest run under any workflow id (e.g. {@code failback/payments}, or an id another kind of
   * run uses), named by its StandbyKind and StandbyService search attributes; 404 when there is
   * none.
   */
  public LatestRun latest(String workflowId) {
    ServiceRun guess = ServiceRun.ofWorkflowId(workflowId);
    LatestRun latest =
        latest(guess != null ? guess : new ServiceRun("run", workflowId, workflowId));
    String kind = latest.searchAttribute(StandbySearchAttributes.KIND);
    String service = latest.searchAttribute(StandbySearchAttributes.SERVICE);
    if (kind == null || service == null) {
      return latest;
    }
    return latest.as(new ServiceRun(kind, service, workflowId));
  }

  /**
   * Standby's runs of every kind, newest first, found by their search attributes: whatever starts a
   * workflow with StandbyKind set (failovers, failbacks, drills, backups, runbooks) is listed
   * without this class knowing the kind.
   *
   * @param service, kind only runs with these search attribute values; null for any
   * @param status a Temporal execution status (RUNNING, COMPLETED, ...); null for any
   */
  public List<RunListing> list(String service, String kind, RunStatusFilter status, int limit) {
    List<String> clauses = new ArrayList<>();
    clauses.add(kind == null ? "StandbyKind IS NOT NULL" : "StandbyKind = '" + kind + "'");
    if (service != null) {
      clauses.add("StandbyService = '" + service + "'");
    }
    if (status != null) {
      clauses.add("ExecutionStatus = '" + status.visibilityName() + "'");
    }
    String query = String.join(" AND ", clauses);
    try (Stream<WorkflowExecutionMetadata> found = client.listExecutions(query)) {
      return found.limit(limit).map(this::listing).toList();
    }
  }

  private RunListing listing(WorkflowExecutionMetadata run) {
    SearchAttributes attributes = run.getTypedSearchAttributes();
    return new RunListing(
        run.getExecution().getWorkflowId(),
        run.getExecution().getRunId(),
        attributes.get(StandbySearchAttributes.KIND),
        attributes.get(StandbySearchAttributes.SERVICE),
        attributes.get(StandbySearchAttributes.SITE),
        run.getWorkflowType(),
        run.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""),
        iso(run.getStartTime()),
        iso(run.getCloseTime()),
        links.history(run.getExecution()));
  }

  private static String iso(java.time.Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /**
   * Asks the running run to cancel; 409 naming its status when it is not running, and nothing is
   * sent.
   */
  public RunRef cancelRunning(ServiceRun run) {
    LatestRun latest = latest(run);
    if (!latest.isRunning()) {
      String message = "the " + run.describe() + " is not running (" + latest.status() + ")";
      throw ApiException.conflict(message, new ApiError(message));
    }
    client.newUntypedWorkflowStub(run.workflowId()).cancel();
    return latest.ref();
  }

  private RunRef ref(WorkflowExecution execution) {
    return new RunRef(execution.getWorkflowId(), execution.getRunId(), links.history(execution));
  }

  private static ApiException notFound(ServiceRun run) {
    return ApiException.notFound(
        "no " + run.describe() + " has been started (workflow id " + run.workflowId() + ")");
  }
}
