package dev.standby.workflows.backup;

import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.backup.BackupFixtures.SERVICE;
import static dev.standby.workflows.backup.BackupFixtures.SHA;
import static dev.standby.workflows.backup.BackupFixtures.copy;
import static dev.standby.workflows.backup.BackupFixtures.dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.BackupActivities;
import dev.standby.model.FailureType;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupPlan;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.backup.PruneReport;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BackupWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), BackupWorkflowImpl.class)
          .build();

  private final BackupActivities backups = mockActivity(BackupActivities.class);
  private BackupWorkflow workflow;
  private WorkflowClient client;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(backups);
    env.start();
    client = env.getWorkflowClient();
    workflow =
        client.newWorkflowStub(
            BackupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.backup(SERVICE))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    when(backups.plan(SERVICE)).thenReturn(new BackupPlan(SERVICE, BackupFixtures.TARGETS));
    when(backups.dump(eq(SERVICE), anyString(), eq("local"))).thenReturn(dump());
    when(backups.copy(eq(SERVICE), any(), eq("s3"))).thenReturn(copy("s3"));
    when(backups.copy(eq(SERVICE), any(), eq("gcs"))).thenReturn(copy("gcs"));
    when(backups.verify(eq(SERVICE), any(), eq(SHA))).thenAnswer(call -> call.getArgument(1));
    when(backups.prune(eq(SERVICE), anyLong()))
        .thenReturn(new PruneReport(List.of("x"), List.of("old"), List.of()));
    when(backups.applyLifecycle(SERVICE)).thenReturn(List.of("s3: objects expire after 218 days"));
  }

  @Test
  void dumpsToTheFirstTargetCopiesToTheOthersVerifiesAllThenRecordsAndPrunes() {
    BackupResult result = workflow.backup(BackupRequest.of(SERVICE, "nightly"));

    BackupManifest manifest = result.manifest();
    assertThat(manifest.backupId()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{8}");
    assertThat(manifest.copies()).extracting(c -> c.target()).containsExactly("local", "s3", "gcs");
    assertThat(manifest.sha256()).isEqualTo(SHA);
    assertThat(manifest.keyId()).isEqualTo("k1");
    assertThat(manifest.rowCounts()).containsEntry("\"public\".\"orders\"", 120L);
    verify(backups).dump(SERVICE, manifest.backupId(), "local");
    verify(backups, times(3)).verify(eq(SERVICE), any(), eq(SHA));
    verify(backups).writeManifest(manifest);
    assertThat(result.pruned().deleted()).containsExactly("old");
    assertThat(result.lifecycle()).containsExactly("s3: objects expire after 218 days");

    var described = client.newUntypedWorkflowStub(WorkflowIds.backup(SERVICE)).describe();
    assertThat(described.getTypedSearchAttributes().get(StandbySearchAttributes.KIND))
        .isEqualTo("backup");
    assertThat(workflow.progress().timeline())
        .extracting(s -> s.name())
        .containsExactly(
            "plan", "dump-to-local", "copy-and-verify", "write-manifest", "prune", "lifecycle");
  }

  @Test
  void aCopyThatDoesNotVerifyFailsTheBackupAndNoManifestIsWritten() {
    when(backups.verify(eq(SERVICE), eq(copy("gcs")), eq(SHA)))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "gcs://bucket/x: SHA-256 read back 00, expected ab",
                FailureType.COPY_CORRUPT.type()));

    assertThatThrownBy(() -> workflow.backup(BackupRequest.of(SERVICE, "nightly")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("SHA-256 read back 00");
    verify(backups, never()).writeManifest(any());
    verify(backups, never()).prune(anyString(), anyLong());
  }

  @Test
  void aTransientUploadFailureIsRetriedNotFatal() {
    when(backups.copy(eq(SERVICE), any(), eq("s3")))
        .thenThrow(ApplicationFailure.newFailure("moto: connection reset", "PROVIDER_ERROR"))
        .thenReturn(copy("s3"));

    BackupResult result = workflow.backup(BackupRequest.of(SERVICE, "nightly"));

    assertThat(result.manifest().copies()).hasSize(3);
    verify(backups, times(2)).copy(eq(SERVICE), any(), eq("s3"));
  }

  @Test
  void aServiceWithoutABackupBlockFailsAtOnceWithTheReason() {
    when(backups.plan(SERVICE))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "service 'payments' has no backup block in the topology",
                FailureType.BACKUP_NOT_CONFIGURED.type()));

    assertThatThrownBy(() -> workflow.backup(BackupRequest.of(SERVICE, "nightly")))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("no backup block");
    verify(backups, never()).dump(anyString(), anyString(), anyString());
  }

  @Test
  void aRequestWithoutAServiceIsRefused() {
    assertThatThrownBy(() -> workflow.backup(new BackupRequest(null, null, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("service: missing");
  }
}
