package dev.standby.api.failover;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunActions;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.RunStatus;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.Progress;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.net.URI;

/**
 * Failovers by service. Whether the service and site exist is the workflow's to say (it fails with
 * UNKNOWN_SERVICE or UNKNOWN_SITE): the topology lives with the worker, not here.
 */
@Path("/failovers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FailoverResource {
  static final String KIND = "failover";

  private final WorkflowRuns runs;
  private final RunActions actions;

  public FailoverResource(WorkflowRuns runs, RunActions actions) {
    this.runs = runs;
    this.actions = actions;
  }

  /**
   * 202 with the run; 409 with the run in the way while a failover of the service is in progress,
   * or naming the operation of another kind that holds the service.
   */
  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(@NotNull @Valid StartFailover body, @Context SecurityContext security) {
    RunRef started = start(runs, body, Caller.name(security));
    return Response.accepted(started).location(URI.create("failovers/" + body.service())).build();
  }

  /** Starts a failover for a caller, from the REST API or from Slack; 409 while one runs. */
  public static RunRef start(WorkflowRuns runs, StartFailover body, String requestedBy) {
    FailoverRequest request = body.toRequest(requestedBy);
    String summary =
        body.mode()
            + " failover of "
            + body.service()
            + (body.targetSite() == null ? " to the standby it elects" : " to " + body.targetSite())
            + (body.reason() == null ? "" : ": " + body.reason());
    return runs.start(
        run(body.service()),
        body.mode() == FailoverMode.UNPLANNED,
        FailoverWorkflow.class,
        StandbySearchAttributes.of(body.service(), KIND, body.targetSite()),
        summary,
        workflow -> WorkflowClient.start(workflow::failover, request));
  }

  /**
   * The latest run's status and link, its progress (current step, timeline, weights), and its
   * result or failure once it closed.
   */
  @GET
  @Path("{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public RunStatus<Progress, FailoverResult> status(@PathParam("service") @Name String service) {
    return RunStatus.of(runs.latest(run(service)), Progress.class, FailoverResult.class);
  }

  /**
   * 202 once the approval is signalled; 409 when the run is not waiting for one (or for another
   * step).
   */
  @POST
  @Path("{service}/approve")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response approve(
      @PathParam("service") @Name String service,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.approve(actions.latest(run(service)), body, security);
  }

  /** 202 once the rejection is signalled: the run then ends without changing anything. */
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
   * Cancels the running failover: it stops at its next step (an unapproved one changes nothing; a
   * failover cancelled after promotion leaves the promoted site serving). 409 when none runs.
   */
  @POST
  @Path("{service}/abort")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response abort(@PathParam("service") @Name String service) {
    return actions.cancel(run(service));
  }

  public static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.failover(service));
  }
}
