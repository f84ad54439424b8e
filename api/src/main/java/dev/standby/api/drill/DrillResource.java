package dev.standby.api.drill;

import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.errors.ApiException;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.model.drill.DrillRequest;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;

/**
 * Starts a DR drill of a service now; one drill per service at a time (workflow id {@code
 * drill/<service>}).
 */
@Path("/drills")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DrillResource {
  static final String KIND = "drill";
  private final WorkflowRuns runs;

  public DrillResource(WorkflowRuns runs) {
    this.runs = runs;
  }

  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(@NotNull @Valid StartDrill body, @Context SecurityContext security) {
    RunRef started = start(runs, body.toRequest(Caller.name(security)));
    return Response.accepted(started).location(URI.create("runs/" + started.workflowId())).build();
  }

  /** Starts a drill (the API's and Slack's way), after the rules between its fields. */
  public static RunRef start(WorkflowRuns runs, DrillRequest request) {
    refuseIfInvalid(request);
    String service = request.service();
    // The primary site is the topology's, known to the worker only: the workflow sets StandbySite
    // itself.
    return runs.start(
        new ServiceRun(KIND, service, WorkflowIds.drill(service)),
        DrillWorkflow.class,
        StandbySearchAttributes.of(service, KIND, null),
        request.type().name().toLowerCase() + " drill of " + service,
        workflow -> WorkflowClient.start(workflow::drill, request));
  }

  /**
   * The rules between a drill's fields, the workflow's own words, answered 422 before anything
   * starts.
   */
  static void refuseIfInvalid(DrillRequest request) {
    String problem = DrillRequest.problem(request);
    if (problem != null) {
      throw new ApiException(422, problem);
    }
  }
}
