package dev.standby.api.failback;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunActions;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
 * Starts failbacks and answers or aborts the running one by service. The run is read, paused and
 * resumed through {@code /runs/failback/<service>} (progress with the weights and each step's
 * measurement); approve, reject and abort are the same there and here ({@link RunActions}).
 */
@Path("/failbacks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FailbackResource {
  static final String KIND = "failback";

  private final WorkflowRuns runs;
  private final RunActions actions;

  public FailbackResource(WorkflowRuns runs, RunActions actions) {
    this.runs = runs;
    this.actions = actions;
  }

  /**
   * 202 with the run; 409 with the run in the way while a failback of the service is in progress.
   */
  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(@NotNull @Valid StartFailback body, @Context SecurityContext security) {
    var request = body.toRequest(Caller.name(security));
    String summary =
        "failback of "
            + body.service()
            + (body.targetSite() == null ? "" : " to " + body.targetSite())
            + (body.reason() == null ? "" : ": " + body.reason());
    // The site attribute is the target when given; the workflow sets it itself once it has resolved
    // the default.
    RunRef started =
        runs.start(
            run(body.service()),
            FailbackWorkflow.class,
            StandbySearchAttributes.of(body.service(), KIND, body.targetSite()),
            summary,
            workflow -> WorkflowClient.start(workflow::failback, request));
    return Response.accepted(started).location(URI.create("runs/" + started.workflowId())).build();
  }

  /**
   * Lets the shift step that waits for approval (e.g. {@code shift-50%}) set its weights; 202 once
   * signalled, 409 when the failback waits for no approval, or for another step than the one named.
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

  /** Rejects the waiting step: the failback ends as ABORTED, its weights stepped back down. */
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
   * Sends the failback its abort signal: the weights step back down to where they were. Ignored by
   * the workflow once the database has switched back. 409 when none runs.
   */
  @POST
  @Path("{service}/abort")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response abort(
      @PathParam("service") @Name String service, @Context SecurityContext security) {
    return actions.abort(actions.latest(run(service)), security);
  }

  public static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.failback(service));
  }
}
