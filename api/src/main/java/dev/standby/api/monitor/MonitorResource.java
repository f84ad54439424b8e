package dev.standby.api.monitor;

import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.ServiceStates;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.workflows.WorkflowIds;
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

/**
 * The service's own health monitor: on, off, and what its latest {@code monitor/<name>} run has
 * seen. The service starts the monitor against its current primary, pauses it during planned
 * operations and aims it again after each failover, so the API only says whether it watches.
 */
@Path("/monitors")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MonitorResource {
  static final String KIND = "monitor";

  private final WorkflowRuns runs;
  private final ServiceStates states;

  public MonitorResource(WorkflowRuns runs) {
    this.runs = runs;
    this.states = runs.states();
  }

  /**
   * Signals {@code watch(true)} to {@code service/<name>}: 202 with the monitor's workflow id; 404
   * for an unknown service, 503 when the service's workflow is not running. Repeating it changes
   * nothing.
   */
  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(@NotNull @Valid StartMonitor body) {
    String service = body.service();
    MonitorWatch watch = watch(service, true);
    return Response.accepted(watch).location(URI.create("monitors/" + service)).build();
  }

  @GET
  @Path("{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public MonitorStatus status(@PathParam("service") @Name String service) {
    return MonitorStatus.of(runs.latest(run(service)));
  }

  /** Signals {@code watch(false)}: the service stops its monitor. 202; 503 as for the start. */
  @DELETE
  @Path("{service}")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response cancel(@PathParam("service") @Name String service) {
    return Response.accepted(watch(service, false)).build();
  }

  private MonitorWatch watch(String service, boolean on) {
    RunRef serviceWorkflow = states.watch(service, on);
    return new MonitorWatch(
        service,
        WorkflowIds.monitor(service),
        on,
        serviceWorkflow.workflowId(),
        serviceWorkflow.uiUrl());
  }

  private static ServiceRun run(String service) {
    return new ServiceRun(KIND, service, WorkflowIds.monitor(service));
  }
}
