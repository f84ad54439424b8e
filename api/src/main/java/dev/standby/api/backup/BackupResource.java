package dev.standby.api.backup;

import dev.standby.api.auth.Role;
import dev.standby.api.runs.RunRef;
import dev.standby.api.runs.ServiceRun;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.validation.Name;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.model.backup.RestoreVerifyResult;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.backup.BackupWorkflow;
import dev.standby.workflows.backup.RestoreVerifyWorkflow;
import io.temporal.client.WorkflowClient;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Backups and restore verifications by service: {@code POST /backups} and {@code POST /restores}
 * start them (one of each kind per service at a time: a second is refused with 409), the GETs show
 * the latest run.
 */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class BackupResource {
  private final WorkflowRuns runs;

  public BackupResource(WorkflowRuns runs) {
    this.runs = runs;
  }

  @POST
  @Path("backups")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response backup(@NotNull @Valid StartBackup body) {
    String service = body.service();
    RunRef started =
        runs.start(
            backupRun(service),
            BackupWorkflow.class,
            StandbySearchAttributes.of(service, "backup", "all"),
            "backup of " + service,
            workflow ->
                WorkflowClient.start(
                    workflow::backup, new BackupRequest(service, body.reason(), "api")));
    return Response.accepted(started).location(URI.create("backups/" + service)).build();
  }

  @GET
  @Path("backups/{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public BackupRunStatus backupStatus(@PathParam("service") @Name String service) {
    return BackupRunStatus.of(runs.latest(backupRun(service)), BackupResult.class);
  }

  @POST
  @Path("restores")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response restore(@NotNull @Valid StartRestore body) {
    String service = body.service();
    RunRef started =
        runs.start(
            restoreRun(service),
            RestoreVerifyWorkflow.class,
            StandbySearchAttributes.of(
                service, "restore", body.fromTarget() == null ? "any" : body.fromTarget()),
            "restore verification of " + service,
            workflow ->
                WorkflowClient.start(
                    workflow::restoreVerify,
                    new RestoreVerifyRequest(service, body.backupId(), body.fromTarget(), "api")));
    return Response.accepted(started).location(URI.create("restores/" + service)).build();
  }

  @GET
  @Path("restores/{service}")
  @RolesAllowed(Role.VIEWER_NAME)
  public BackupRunStatus restoreStatus(@PathParam("service") @Name String service) {
    return BackupRunStatus.of(runs.latest(restoreRun(service)), RestoreVerifyResult.class);
  }

  private static ServiceRun backupRun(String service) {
    return new ServiceRun("backup", service, WorkflowIds.backup(service));
  }

  private static ServiceRun restoreRun(String service) {
    return new ServiceRun("restore", service, WorkflowIds.restoreVerify(service));
  }
}
