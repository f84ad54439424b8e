package dev.standby.api.failback;

import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;

/**
 * Starts failbacks. The run is then read and steered through {@code /runs/failback/<service>} (progress with the
 * weights and each step's measurement; approve, reject, pause, resume, abort).
 */
@Path("/failbacks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class FailbackResource {
  static final String KIND = "failback";

  private final WorkflowRuns runs;

  public FailbackResource(WorkflowRuns runs) {
    this.runs = runs;
  }

  /** 202 with the run; 409 with the run in the way while a failback of the service is in progress. */
  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(@NotNull @Valid StartFailback body, @Context SecurityContext security) {
    var request = body.toRequest(Caller.name(security));
    String summary = "failback of " + body.service() + (body.targetSite() == null ? "" : " to " + body.targetSite())
        + (body.reason() == null ? "" : ": " + body.reason());
    // The site attribute is the target when given; the workflow sets it itself once it has resolved the default.
    RunRef started = runs.start(run(body.service()), FailbackWorkflow.class,
        StandbySearchAttributes.of(body.service(), KIND, body.targetSite()), summary,
        workflow -> WorkflowClient.start(workflow::failback, request));
    return Response.accepted(started).location(URI.create("runs/" + started.workflowId())).build();
  }

  public static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.failback(service));
  }
}
