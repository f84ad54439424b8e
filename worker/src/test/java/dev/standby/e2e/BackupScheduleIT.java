package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.Emulator;
import dev.standby.lab.Lab;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.backup.ConsistencyCheck;
import dev.standby.model.backup.RestoreVerifyResult;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker makes a service's backup and restore-verification schedules from its topology's {@code
 * backup} block when it starts. Triggered (the cron is nightly), each schedule's action starts the
 * real workflow on the lab: a 3-2-1 backup to the local disk, moto (S3) and fake-gcs-server (GCS),
 * then a restore of it into a scratch PostgreSQL that passes its checks. The runs are found by the
 * service's search attributes, as the Temporal UI finds them.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BackupScheduleIT {
  private static final String NIGHTLY = "0 2 * * *";
  private static final String MORNING = "0 6 * * *";

  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO, Emulator.GCS);

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("backup-schedule");

  private static ScheduleClient schedules;
  private static Topology topology;

  @BeforeAll
  static void start() throws Exception {
    Lab lab = world.get().lab;
    String yaml =
        Files.readString(lab.topologyPath()).stripTrailing()
            + "\n"
            + "    backup:\n"
            + "      keyId: lab-key\n"
            + "      keyEnv: PAYMENTS_BACKUP_KEY\n"
            + "      targets:\n"
            + "        local: {provider: filesystem, path: \""
            + lab.dir().resolve("backups")
            + "\"}\n"
            + "        s3: {provider: s3, bucket: pay-backups, region: "
            + clouds.awsRegion()
            + ", endpoint: \""
            + clouds.awsEndpoint()
            + "\", accessKeyEnv: AWS_KEY, secretKeyEnv: AWS_SECRET}\n"
            + "        gcs: {provider: gcs, bucket: pay-backups, project: "
            + clouds.gcsProject()
            + ", endpoint: \""
            + clouds.gcsEndpoint()
            + "\"}\n"
            + "      schedule: {backup: \""
            + NIGHTLY
            + "\", restoreVerify: \""
            + MORNING
            + "\"}\n"
            + "      checks: [\"SELECT count(*) >= 0 FROM orders\"]\n";
    Path own = lab.dir().resolve("topology-with-backups.yaml");
    Files.writeString(own, yaml);
    topology = TopologyLoader.load(own);
    Map<String, String> env =
        Map.of(
            "PAYMENTS_BACKUP_KEY",
            Base64.getEncoder().encodeToString(new byte[32]),
            "AWS_KEY",
            clouds.awsAccessKeyId(),
            "AWS_SECRET",
            clouds.awsSecretAccessKey());
    schedules =
        ScheduleClient.newInstance(
            world.get().service,
            ScheduleClientOptions.newBuilder()
                .setNamespace(topology.temporal().namespace())
                .build());
    world.get().withWorker(topology, env::get);
  }

  @Test
  void theTopologysSchedulesBackUpToThreeTargetsAndProveItByARestore() throws Exception {
    ScheduleHandle backup = schedules.getHandle(WorkflowIds.backup("payments"));
    ScheduleHandle restore = schedules.getHandle(WorkflowIds.restoreVerify("payments"));
    ScheduleDescription backupSchedule = backup.describe();
    // The server turns cron strings into calendar specs; the note keeps what the topology said.
    assertThat(backupSchedule.getSchedule().getState().getNote())
        .isEqualTo("from the topology: backup of payments, " + NIGHTLY);
    assertThat(restore.describe().getSchedule().getState().getNote())
        .isEqualTo("from the topology: restore of payments, " + MORNING);
    assertThat(backupSchedule.getSchedule().getState().isPaused()).isFalse();
    assertThat(
            ((ScheduleActionStartWorkflow) backupSchedule.getSchedule().getAction())
                .getWorkflowType())
        .isEqualTo("Backup");

    backup.trigger();
    WorkflowExecutionInfo backupRun = awaitListedRun("backup", WorkflowIds.backup("payments"));
    BackupResult result =
        world
            .get()
            .client
            .newUntypedWorkflowStub(backupRun.getExecution().getWorkflowId())
            .getResult(180, TimeUnit.SECONDS, BackupResult.class);
    assertThat(result.manifest().copies())
        .extracting(BackupCopy::target)
        .containsExactlyInAnyOrder("local", "s3", "gcs");
    assertThat(result.manifest().copies())
        .extracting(BackupCopy::sha256)
        .containsOnly(result.manifest().sha256());
    assertThat(result.manifest().format()).contains("zstd level 1");

    restore.trigger();
    WorkflowExecutionInfo restoreRun =
        awaitListedRun("restore", WorkflowIds.restoreVerify("payments"));
    RestoreVerifyResult proved =
        world
            .get()
            .client
            .newUntypedWorkflowStub(restoreRun.getExecution().getWorkflowId())
            .getResult(180, TimeUnit.SECONDS, RestoreVerifyResult.class);
    assertThat(proved.verified()).as("%s", proved).isTrue();
    assertThat(proved.backupId()).isEqualTo(result.manifest().backupId());
    assertThat(proved.checks()).extracting(ConsistencyCheck::name).contains("pg_restore");
    assertThat(proved.checks()).allMatch(ConsistencyCheck::passed);
  }

  @Test
  void afterAPlannedFailoverTheScheduledBackupDumpsTheNewPrimary() throws Exception {
    FailoverWorkflow failover =
        world
            .get()
            .client
            .newWorkflowStub(
                FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
    failover.failover(
        FailoverRequest.planned("payments", "site-b", "the backup follows the primary"));
    long triggered = System.currentTimeMillis();

    schedules.getHandle(WorkflowIds.backup("payments")).trigger();
    WorkflowExecutionInfo run =
        Awaitility.await("a backup run started by the schedule after the failover")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> awaitListedRun("backup", WorkflowIds.backup("payments")),
                r -> r.getStartTime().getSeconds() * 1000 >= triggered - 1_000);
    BackupResult result =
        world
            .get()
            .client
            .newUntypedWorkflowStub(run.getExecution().getWorkflowId())
            .getResult(180, TimeUnit.SECONDS, BackupResult.class);

    assertThat(result.site()).as("the primary the service has now").isEqualTo("site-b");
    assertThat(result.manifest().copies()).hasSize(3);
  }

  /** The visibility query the Temporal UI's filter runs; the index lags the run by a moment. */
  private static WorkflowExecutionInfo awaitListedRun(String kind, String scheduleId) {
    String query =
        "StandbyService = 'payments' AND StandbyKind = '"
            + kind
            + "' AND TemporalScheduledById = '"
            + scheduleId
            + "'";
    return Awaitility.await("a run listed for " + query)
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                world
                    .get()
                    .service
                    .blockingStub()
                    .listWorkflowExecutions(
                        ListWorkflowExecutionsRequest.newBuilder()
                            .setNamespace(topology.temporal().namespace())
                            .setQuery(query)
                            .build())
                    .getExecutionsList(),
            runs ->
                !runs.isEmpty()
                    && runs.get(0).getStatus()
                        != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED)
        .get(0);
  }
}
