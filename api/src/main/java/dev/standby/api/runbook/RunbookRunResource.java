package dev.standby.api.runbook;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.errors.ApiError;
import dev.standby.api.errors.ApiException;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.QueryAnswer;
import dev.standby.api.runs.RunActions;
import dev.standby.api.runs.RunStatus;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.runbook.Acknowledgement;
import dev.standby.model.runbook.RunbookProgress;
import dev.standby.model.runbook.RunbookResult;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.List;

/**
 * A service's runbook run: its steps, the people's answers it waits for, and its post-mortem draft.
 */
@Path("/runbook-runs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RunbookRunResource {
  static final String KIND = "runbook";

  private final WorkflowRuns runs;
  private final RunActions actions;
  private final WorkflowClient client;
  private final Clock clock;

  public RunbookRunResource(
      WorkflowRuns runs, RunActions actions, WorkflowClient client, Clock clock) {
    this.runs = runs;
    this.actions = actions;
    this.client = client;
    this.clock = clock;
  }

  /** The latest run's status, every step's state, and the result once closed. */
  @GET
  @Path("{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public RunStatus<RunbookProgress, RunbookResult> status(
      @PathParam("service") @Name String service) {
    return RunStatus.of(runs.latest(run(service)), RunbookProgress.class, RunbookResult.class);
  }

  /**
   * Acknowledges a manual step as the caller; 202 once signalled, 409 when no manual step waits (or
   * not that one). Operators and approvers may: whoever did the work says so.
   */
  @POST
  @Path("{service}/acknowledge")
  @RolesAllowed({Role.OPERATOR_NAME, Role.APPROVER_NAME})
  public Response acknowledge(
      @PathParam("service") @Name String service,
      @Valid AcknowledgeStep body,
      @Context SecurityContext security) {
    AcknowledgeStep ack = body == null ? AcknowledgeStep.NONE : body;
    ServiceRun run = run(service);
    LatestRun latest = runs.latest(run);
    if (!latest.isRunning()) {
      throw conflict(
          "the "
              + run.describe()
              + " is not running ("
              + latest.status()
              + "): nothing to acknowledge");
    }
    QueryAnswer<RunbookProgress> progress = latest.query("progress", RunbookProgress.class);
    if (progress.value() == null) {
      throw new ApiException(
          Response.Status.SERVICE_UNAVAILABLE,
          "cannot tell which step of the " + run.describe() + " waits: " + progress.unavailable());
    }
    List<String> waiting = progress.value().awaitingAcknowledgement();
    String step = ack.step();
    if (waiting.isEmpty()) {
      throw conflict("the " + run.describe() + " is not waiting for an acknowledgement");
    }
    if (step == null && waiting.size() > 1) {
      throw conflict("several steps wait for an acknowledgement " + waiting + ": name the step");
    }
    if (step != null && !waiting.contains(step)) {
      throw conflict(
          "the "
              + run.describe()
              + " waits for an acknowledgement of "
              + waiting
              + ", not "
              + step);
    }
    String acknowledged = step != null ? step : waiting.get(0);
    String by = Caller.name(security);
    latest.signal(
        "acknowledge", new Acknowledgement(acknowledged, by, clock.millis(), ack.comment()));
    return Response.accepted(
            new AcknowledgementSent(
                latest.ref().workflowId(), latest.ref().runId(), acknowledged, by))
        .build();
  }

  /** Approves the approval step waiting; 409 when none waits (or another one does). */
  @POST
  @Path("{service}/approve")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response approve(
      @PathParam("service") @Name String service,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.approve(actions.latest(run(service)), body, security);
  }

  /**
   * Rejects the approval step waiting: that step fails and the runbook's rollback procedure runs.
   */
  @POST
  @Path("{service}/reject")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response reject(
      @PathParam("service") @Name String service,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.reject(actions.latest(run(service)), body, security);
  }

  /**
   * Cancels the running runbook: a failover it started is asked to stop at its next step. 409 when
   * none runs.
   */
  @POST
  @Path("{service}/abort")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response abort(@PathParam("service") @Name String service) {
    return actions.cancel(run(service));
  }

  /**
   * A Markdown post-mortem draft built from the latest run's history; 409 while the run is still
   * going.
   */
  @GET
  @Path("{service}/postmortem")
  @Produces("text/markdown")
  @RolesAllowed(Role.VIEWER_NAME)
  public Response postMortem(@PathParam("service") @Name String service) {
    ServiceRun run = run(service);
    LatestRun latest = runs.latest(run);
    if (latest.isRunning()) {
      String message =
          "the "
              + run.describe()
              + " is still running: the post-mortem is drafted once it has ended";
      return Response.status(Response.Status.CONFLICT)
          .type(MediaType.APPLICATION_JSON_TYPE)
          .entity(new ApiError(message))
          .build();
    }
    String markdown =
        PostMortem.render(
            client.fetchHistory(latest.ref().workflowId(), latest.ref().runId()),
            latest.ref().workflowId(),
            latest.ref().runId(),
            client.getOptions().getDataConverter());
    return Response.ok(markdown, "text/markdown; charset=utf-8").build();
  }

  private static ApiException conflict(String message) {
    return ApiException.conflict(message, new ApiError(message));
  }

  static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.runbook(service));
  }
}
