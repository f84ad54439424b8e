package dev.standby.api.runs;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.auth.Role;
import dev.standby.api.validation.Name;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/**
 * Runs of every kind by workflow id ({@code failover/payments}, {@code failback/payments}, a
 * drill's or a runbook's id): list, describe, and act on them. Nothing here knows the kinds:
 * listing filters on the StandbyKind and StandbyService search attributes every Standby workflow
 * sets, and an action is sent only when the workflow defines the signal for it (read from the SDK's
 * workflow metadata query), else it is refused with 409.
 */
@Path("/runs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
  /** A workflow id: a kind, a slash, and the rest (one or more segments). */
  private static final String ID = "{workflowId: [a-z][a-z0-9-]*/[^/]+(/[^/]+)*}";

  private final WorkflowRuns runs;
  private final RunActions actions;

  public RunsResource(WorkflowRuns runs, RunActions actions) {
    this.runs = runs;
    this.actions = actions;
  }

  @GET
  @RolesAllowed(Role.VIEWER_NAME)
  public List<RunListing> list(
      @QueryParam("service") @Name String service,
      @QueryParam("kind") @Name String kind,
      @QueryParam("status") String status,
      @QueryParam("limit")
          @DefaultValue("50")
          @Min(value = 1, message = "must be at least 1")
          @Max(value = 500, message = "must be at most 500")
          int limit) {
    return runs.list(service, kind, RunStatusFilter.parse(status), limit);
  }

  @GET
  @Path(ID)
  @RolesAllowed(Role.VIEWER_NAME)
  public RunDetail describe(@PathParam("workflowId") String workflowId) {
    return RunDetail.of(runs.latest(workflowId));
  }

  /**
   * 202 once the approval is signalled; 409 when the run is not waiting for one, or takes no
   * approvals.
   */
  @POST
  @Path(ID + "/approve")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response approve(
      @PathParam("workflowId") String workflowId,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.approve(actions.latest(workflowId), body, security);
  }

  @POST
  @Path(ID + "/reject")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response reject(
      @PathParam("workflowId") String workflowId,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.reject(actions.latest(workflowId), body, security);
  }

  @POST
  @Path(ID + "/pause")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response pause(
      @PathParam("workflowId") String workflowId, @Context SecurityContext security) {
    return actions.signal(actions.latest(workflowId), "pause", "paused", security);
  }

  @POST
  @Path(ID + "/resume")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response resume(
      @PathParam("workflowId") String workflowId, @Context SecurityContext security) {
    return actions.signal(actions.latest(workflowId), "resume", "resumed", security);
  }

  /**
   * The run's abort signal when its workflow has one, else a cancellation (see {@link
   * RunActions#abort}).
   */
  @POST
  @Path(ID + "/abort")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response abort(
      @PathParam("workflowId") String workflowId, @Context SecurityContext security) {
    return actions.abort(actions.latest(workflowId), security);
  }
}
