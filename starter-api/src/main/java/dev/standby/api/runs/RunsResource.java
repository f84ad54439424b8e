package dev.standby.api.runs;

import dev.standby.api.approval.AnswerApproval;
import dev.standby.api.approval.ApprovalSent;
import dev.standby.api.approval.RunApprovals;
import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.errors.ApiError;
import dev.standby.api.errors.ApiException;
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
import java.util.Set;

/**
 * Runs of every kind by workflow id ({@code failover/payments}, {@code failback/payments}, a drill's or a
 * runbook's id): list, describe, and act on them. Nothing here knows the kinds: listing filters on the StandbyKind
 * and StandbyService search attributes every Standby workflow sets, and an action is sent only when the workflow
 * defines the signal for it (read from the SDK's workflow metadata query), else it is refused with 409.
 */
@Path("/runs")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
  /** A workflow id: a kind, a slash, and the rest (one or more segments). */
  private static final String ID = "{workflowId: [a-z][a-z0-9-]*/[^/]+(/[^/]+)*}";

  private final WorkflowRuns runs;
  private final RunApprovals approvals;

  public RunsResource(WorkflowRuns runs, RunApprovals approvals) {
    this.runs = runs;
    this.approvals = approvals;
  }

  @GET
  @RolesAllowed(Role.VIEWER_NAME)
  public List<RunListing> list(@QueryParam("service") @Name String service, @QueryParam("kind") @Name String kind,
      @QueryParam("status") String status,
      @QueryParam("limit") @DefaultValue("50") @Min(value = 1, message = "must be at least 1")
      @Max(value = 500, message = "must be at most 500") int limit) {
    return runs.list(service, kind, RunStatusFilter.parse(status), limit);
  }

  @GET
  @Path(ID)
  @RolesAllowed(Role.VIEWER_NAME)
  public RunDetail describe(@PathParam("workflowId") String workflowId) {
    return RunDetail.of(runs.latest(workflowId));
  }

  /** 202 once the approval is signalled; 409 when the run is not waiting for one, or takes no approvals. */
  @POST
  @Path(ID + "/approve")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response approve(@PathParam("workflowId") String workflowId, @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return answer(workflowId, body, security, true);
  }

  @POST
  @Path(ID + "/reject")
  @RolesAllowed(Role.APPROVER_NAME)
  public Response reject(@PathParam("workflowId") String workflowId, @Valid AnswerApproval body,
      @Context SecurityContext security) {
    return answer(workflowId, body, security, false);
  }

  @POST
  @Path(ID + "/pause")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response pause(@PathParam("workflowId") String workflowId, @Context SecurityContext security) {
    return Response.accepted(signal(workflowId, "pause", "paused", Caller.name(security))).build();
  }

  @POST
  @Path(ID + "/resume")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response resume(@PathParam("workflowId") String workflowId, @Context SecurityContext security) {
    return Response.accepted(signal(workflowId, "resume", "resumed", Caller.name(security))).build();
  }

  /**
   * A workflow with an {@code abort} signal (a failback steps its traffic back down) gets it; any other is asked to
   * cancel, which Temporal delivers to every workflow.
   */
  @POST
  @Path(ID + "/abort")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response abort(@PathParam("workflowId") String workflowId, @Context SecurityContext security) {
    LatestRun latest = running(workflowId, "abort");
    Set<String> signals = signals(latest);
    RunRef ref = latest.ref();
    if (signals.contains("abort")) {
      latest.signal("abort");
      return Response.accepted(new ActionSent(ref.workflowId(), ref.runId(), "abort", Caller.name(security), "signal",
          ref.uiUrl())).build();
    }
    latest.cancel();
    return Response.accepted(new ActionSent(ref.workflowId(), ref.runId(), "abort", Caller.name(security), "cancel",
        ref.uiUrl())).build();
  }

  private Response answer(String workflowId, AnswerApproval body, SecurityContext security, boolean approve) {
    AnswerApproval answer = body == null ? AnswerApproval.NONE : body;
    ApprovalSent sent = approvals.answer(runs.latest(workflowId), answer.step(), Caller.name(security), answer.comment(),
        approve);
    return Response.accepted(sent).build();
  }

  private ActionSent signal(String workflowId, String signal, String done, String by) {
    LatestRun latest = running(workflowId, signal);
    if (!signals(latest).contains(signal)) {
      throw conflict("the " + latest.described().describe() + " cannot be " + done + ": its workflow ("
          + latest.workflowType() + ") takes only " + String.join(", ", signals(latest)));
    }
    latest.signal(signal);
    RunRef ref = latest.ref();
    return new ActionSent(ref.workflowId(), ref.runId(), signal, by, "signal", ref.uiUrl());
  }

  private LatestRun running(String workflowId, String action) {
    LatestRun latest = runs.latest(workflowId);
    if (!latest.isRunning()) {
      throw conflict("the " + latest.described().describe() + " is not running (" + latest.status() + "): nothing to "
          + action);
    }
    return latest;
  }

  private static Set<String> signals(LatestRun latest) {
    QueryAnswer<Set<String>> signals = latest.signalNames();
    if (signals.value() == null) {
      throw new ApiException(Response.Status.SERVICE_UNAVAILABLE, "cannot tell which signals the "
          + latest.described().describe() + " takes: " + signals.unavailable());
    }
    return signals.value();
  }

  private static ApiException conflict(String message) {
    return ApiException.conflict(message, new ApiError(message));
  }
}
