package dev.standby.api.failover;

import dev.standby.api.auth.Caller;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.FailoverRequest;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
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

  public FailoverResource(WorkflowRuns runs) {
    this.runs = runs;
  }

  /** 202 with the run; 409 with the run in the way while a failover of the service is in progress. */
  @POST
  public Response start(@NotNull @Valid StartFailover body, @Context SecurityContext security) {
    FailoverRequest request = body.toRequest(Caller.name(security));
    String summary = body.mode() + " failover of " + body.service() + " to " + body.targetSite()
        + (body.reason() == null ? "" : ": " + body.reason());
    RunRef started = runs.start(run(body.service()), FailoverWorkflow.class,
        StandbySearchAttributes.of(body.service(), KIND, body.targetSite()), summary,
        workflow -> WorkflowClient.start(workflow::failover, request));
    return Response.accepted(started).location(URI.create("failovers/" + body.service())).build();
  }

  @GET
  @Path("{service}")
  public FailoverStatus status(@PathParam("service") @Name String service) {
    return FailoverStatus.of(runs.latest(run(service)));
  }

  private static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.failover(service));
  }
}
