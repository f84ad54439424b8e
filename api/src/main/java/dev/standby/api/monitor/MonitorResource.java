package dev.standby.api.monitor;

import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** Health monitors by service: start one, see what it has seen, stop it. */
@Path("/monitors")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {
  static final String KIND = "monitor";

  private final WorkflowRuns runs;

  public MonitorResource(WorkflowRuns runs) {
    this.runs = runs;
  }

  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(@NotNull @Valid StartMonitor body) {
    String service = body.service();
    // The watched site is the topology's primary, known to the worker only: the workflow sets
    // StandbySite itself.
    RunRef started =
        runs.start(
            run(service),
            HealthMonitorWorkflow.class,
            StandbySearchAttributes.of(service, KIND, null),
            "health monitor of " + service,
            workflow -> WorkflowClient.start(workflow::monitor, MonitorRequest.of(service)));
    return Response.accepted(started).location(URI.create("monitors/" + service)).build();
  }

  @GET
  @Path("{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public MonitorStatus status(@PathParam("service") @Name String service) {
    return MonitorStatus.of(runs.latest(run(service)));
  }

  /** Stops watching: 202 once cancellation is requested, 409 when the monitor is not running. */
  @DELETE
  @Path("{service}")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response cancel(@PathParam("service") @Name String service) {
    return Response.accepted(runs.cancelRunning(run(service))).build();
  }

  private static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.monitor(service));
  }
}
