package dev.standby.api.region;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunActions;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.RunStatus;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionProgress;
import dev.standby.model.region.RegionWorkflowNames;
import dev.standby.workflows.region.RegionFailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SearchAttributes;
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

/** Region plans by site: every service whose primary is at the site fails over, in groups. */
@Path("/region-failovers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RegionFailoverResource {
  static final String KIND = "region";

  private final WorkflowRuns runs;
  private final RunActions actions;

  public RegionFailoverResource(WorkflowRuns runs, RunActions actions) {
    this.runs = runs;
    this.actions = actions;
  }

  /** 202 with the run; 404 for an unknown site; 409 while a plan for the site runs. */
  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(
      @NotNull @Valid StartRegionFailover body, @Context SecurityContext security) {
    RunRef started = start(runs, body, Caller.name(security));
    return Response.accepted(started)
        .location(URI.create("region-failovers/" + body.site()))
        .build();
  }

  /** Starts a region plan for a caller, from the REST API or from Slack. */
  public static RunRef start(WorkflowRuns runs, StartRegionFailover body, String requestedBy) {
    RegionFailoverRequest request = body.toRequest(requestedBy);
    return runs.startForSite(
        run(body.site()),
        RegionFailoverWorkflow.class,
        SearchAttributes.newBuilder()
            .set(dev.standby.workflows.StandbySearchAttributes.KIND, KIND)
            .set(dev.standby.workflows.StandbySearchAttributes.SITE, body.site())
            .build(),
        request.mode()
            + " failover of every service at "
            + body.site()
            + (body.reason() == null ? "" : ": " + body.reason()),
        workflow -> WorkflowClient.start(workflow::failover, request));
  }

  /**
   * The latest plan's status and link, every service's state while it runs, and the result (every
   * RTO and RPO, the plan's RTO) once it ended.
   */
  @GET
  @Path("{site}")
  @RolesAllowed(Role.VIEWER_NAME)
  public RunStatus<RegionProgress, RegionFailoverResult> status(
      @PathParam("site") @Name String site) {
    return RunStatus.of(runs.latest(run(site)), RegionProgress.class, RegionFailoverResult.class);
  }

  /** Approves the group waiting ({@code step}: {@code group-2}). */
  @POST
  @Path("{site}/approve")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response approve(
      @PathParam("site") @Name String site,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.approve(actions.latest(run(site)), body, security);
  }

  /** Rejects the group waiting: it and every later group do not move. */
  @POST
  @Path("{site}/reject")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response reject(
      @PathParam("site") @Name String site,
      @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return actions.reject(actions.latest(run(site)), body, security);
  }

  /**
   * Cancels the plan: no further service starts; failovers already running finish (they are not cut
   * in half). 409 when none runs.
   */
  @POST
  @Path("{site}/abort")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response abort(@PathParam("site") @Name String site) {
    return actions.cancel(run(site));
  }

  static ServiceRun run(String site) {
    return new ServiceRun("region failover", site, RegionWorkflowNames.planId(site));
  }
}
