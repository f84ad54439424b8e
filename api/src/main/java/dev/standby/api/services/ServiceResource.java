package dev.standby.api.services;

import dev.standby.api.auth.Role;
import dev.standby.api.errors.ApiException;
import dev.standby.api.runs.ServiceStates;
import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.api.validation.Name;
import dev.standby.model.readiness.Readiness;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Where people see each service as Standby knows it now: its primary, protection, the operation in
 * progress and its history, read from the service's own workflow.
 */
@Path("/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {
  private final ServiceStates states;
  private final WorkflowLinks links;

  public ServiceResource(ServiceStates states, WorkflowLinks links) {
    this.states = states;
    this.links = links;
  }

  /** Every service of the topology; one whose state cannot be read says why in its entry. */
  @GET
  @RolesAllowed(Role.VIEWER_NAME)
  public List<ServiceSummary> list() {
    List<ServiceSummary> listed = new ArrayList<>();
    for (String service : states.names()) {
      try {
        listed.add(ServiceSummary.of(states.read(service).state(), links));
      } catch (ApiException e) {
        if (e.getResponse().getStatus() != Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
          throw e;
        }
        listed.add(ServiceSummary.unavailable(service, e.getMessage()));
      }
    }
    return listed;
  }

  /**
   * Whether the service's plan would work now: each finding (ok, warning, failing) with its reason
   * and the projected RTO. 404 for an unknown service, 503 before the first evaluation.
   */
  @GET
  @Path("{service}/readiness")
  @RolesAllowed(Role.VIEWER_NAME)
  public Readiness readiness(@PathParam("service") @Name String service) {
    return states.readiness(service);
  }

  /** 404 naming the known services for an unknown one; 503 when its workflow is not running. */
  @GET
  @Path("{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public ServiceDetail get(@PathParam("service") @Name String service) {
    ServiceStates.Read read = states.read(service);
    return ServiceDetail.of(read.state(), read.workflow(), links);
  }
}
