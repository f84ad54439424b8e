package dev.standby.api.runbook;

import dev.standby.api.auth.Caller;
import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookRunRequest;
import dev.standby.runbook.LoadedRunbook;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.List;

/** The runbooks in the folder, whether each can run, and starting one against its service. */
@Path("/runbooks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RunbookResource {
  private final RunbookCatalog catalog;
  private final WorkflowRuns runs;

  public RunbookResource(RunbookCatalog catalog, WorkflowRuns runs) {
    this.catalog = catalog;
    this.runs = runs;
  }

  @GET
  @RolesAllowed(Role.VIEWER_NAME)
  public List<RunbookSummary> list() {
    return catalog.all().stream().map(RunbookSummary::of).toList();
  }

  /** The runbook as the engine would run it; 422 with every problem when it cannot run. */
  @GET
  @Path("{name}")
  @RolesAllowed(Role.VIEWER_NAME)
  public Runbook get(@PathParam("name") @Name String name) {
    return requireValid(catalog.find(name));
  }

  /**
   * 202 with the run ({@code runbook/<service>}); 422 listing every problem of an invalid runbook,
   * and nothing is started; 409 while a runbook runs for the service.
   */
  @POST
  @Path("{name}/runs")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(
      @PathParam("name") @Name String name,
      @Valid StartRunbook body,
      @Context SecurityContext security) {
    Runbook runbook = requireValid(catalog.find(name));
    StartRunbook start = body == null ? StartRunbook.NONE : body;
    RunbookRunRequest request =
        new RunbookRunRequest(runbook, start.reason(), Caller.name(security));
    RunRef started =
        runs.start(
            RunbookRunResource.run(runbook.service()),
            RunbookWorkflow.class,
            StandbySearchAttributes.of(runbook.service(), RunbookRunResource.KIND, "n/a"),
            "Runbook "
                + runbook.name()
                + " for "
                + runbook.service()
                + (start.reason() == null ? "" : ": " + start.reason()),
            workflow -> WorkflowClient.start(workflow::run, request));
    return Response.accepted(started)
        .location(URI.create("runbook-runs/" + runbook.service()))
        .build();
  }

  private static Runbook requireValid(LoadedRunbook loaded) {
    if (!loaded.valid()) {
      String message =
          "runbook "
              + loaded.name()
              + " cannot run: "
              + loaded.problems().size()
              + " problem"
              + (loaded.problems().size() == 1 ? "" : "s");
      throw new WebApplicationException(
          message,
          Response.status(422)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(new InvalidRunbook(message, loaded.messages()))
              .build());
    }
    return loaded.runbook();
  }
}
