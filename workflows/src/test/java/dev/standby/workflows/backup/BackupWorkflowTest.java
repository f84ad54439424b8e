package dev.standby.workflows.backup;

import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.backup.BackupFixtures.SERVICE;
import static dev.standby.workflows.backup.BackupFixtures.SHA;
import static dev.standby.workflows.backup.BackupFixtures.copy;
import static dev.standby.workflows.backup.BackupFixtures.dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.standby.activities.BackupActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.model.FailureType;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupPlan;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.backup.BackupSource;
import dev.standby.model.backup.PruneReport;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

class BackupWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), BackupWorkflowImpl.class)
          .build();

  private final BackupActivities backups = mockActivity(BackupActivities.class);
  private final ServiceActivities service =
      ServiceFixtures.admitting(TestFixtures.serviceState("site-a"));
  private BackupWorkflow workflow;
  private WorkflowClient client;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(backups, service);
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
    when(backups.dump(eq(SERVICE), anyString(), eq("local"), anyString())).thenReturn(dump());
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
    verify(backups).dump(SERVICE, manifest.backupId(), "local", "site-a");
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
            "admit",
            "plan",
            "dump-to-local",
            "copy-and-verify",
            "write-manifest",
            "prune",
            "lifecycle");
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(OperationKind.BACKUP);
              assertThat(r.outcome()).isEqualTo(OperationOutcome.COMPLETED);
              assertThat(r.workflowId()).isEqualTo(WorkflowIds.backup(SERVICE));
            });
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
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(OperationOutcome.FAILED);
              assertThat(r.detail()).contains("SHA-256 read back 00");
            });
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
    verify(backups, never()).dump(anyString(), anyString(), anyString(), anyString());
  }

  @Test
  void aRequestWithoutAServiceIsRefused() {
    assertThatThrownBy(() -> workflow.backup(new BackupRequest(null, null, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("service: missing");
  }

  @Test
  void afterAFailoverTheBackupDumpsTheNewPrimary() {
    ServiceFixtures.admitWith(service, ServiceFixtures.failedOverToSiteB());

    BackupResult result = workflow.backup(BackupRequest.of(SERVICE, "nightly"));

    assertThat(result.site()).isEqualTo("site-b");
    verify(backups).dump(SERVICE, result.manifest().backupId(), "local", "site-b");
  }

  @Test
  void fromReplicaDumpsTheStandbyThatStreamsFromThePrimaryWithinTheRpo() {
    ServiceFixtures.admitWith(service, ServiceFixtures.failedOverToSiteB());
    when(backups.plan(SERVICE))
        .thenReturn(new BackupPlan(SERVICE, BackupFixtures.TARGETS, BackupSource.REPLICA));

    BackupResult result = workflow.backup(BackupRequest.of(SERVICE, "nightly"));

    assertThat(result.site()).isEqualTo("site-a");
    verify(backups).dump(SERVICE, result.manifest().backupId(), "local", "site-a");
  }

  @Test
  void afterAThreeSiteFailoverAReplicaBackupDumpsTheReplicaFollowingTheNewPrimaryNotTheOldOne() {
    // site-b took over; site-c was re-pointed and streams from it; site-a, the old primary, was
    // left fenced and still says it follows nobody.
    ServiceState state =
        ServiceState.initial(SERVICE, "site-b", List.of("site-a", "site-b", "site-c"))
            .withSite(
                new SiteState(
                    "site-a",
                    DatabaseRole.PRIMARY,
                    SiteCondition.FENCED,
                    null,
                    false,
                    null,
                    false,
                    1,
                    "fenced by failover/payments"))
            .withSite(
                new SiteState(
                    "site-c",
                    DatabaseRole.REPLICA,
                    SiteCondition.HEALTHY,
                    "site-b",
                    true,
                    30L,
                    false,
                    1,
                    "streaming from site-b"));
    ServiceFixtures.admitWith(service, state);
    when(backups.plan(SERVICE))
        .thenReturn(new BackupPlan(SERVICE, BackupFixtures.TARGETS, BackupSource.REPLICA));

    BackupResult fromReplica = workflow.backup(BackupRequest.of(SERVICE, "nightly"));

    assertThat(fromReplica.site()).isEqualTo("site-c");
    verify(backups).dump(SERVICE, fromReplica.manifest().backupId(), "local", "site-c");
  }

  @Test
  void fromReplicaWithNoReplicaCaughtUpDumpsThePrimary() {
    // serviceState's site-b has not been seen streaming: it is no safe source.
    when(backups.plan(SERVICE))
        .thenReturn(new BackupPlan(SERVICE, BackupFixtures.TARGETS, BackupSource.REPLICA));

    BackupResult result = workflow.backup(BackupRequest.of(SERVICE, "nightly"));

    assertThat(result.site()).isEqualTo("site-a");
  }

  @Test
  void aScheduledBackupThatMeetsARunningOperationIsSkippedAndChangesNothing() {
    ServiceFixtures.refuseAll(service);

    BackupResult result = workflow.backup(BackupRequest.scheduled(SERVICE, "0 2 * * *"));

    assertThat(result.skipped()).isEqualTo(ServiceFixtures.REFUSAL);
    assertThat(result.manifest()).isNull();
    assertThat(workflow.progress().state()).isEqualTo("SKIPPED");
    verifyNoInteractions(backups);
    verify(service, never()).finish(any());
    ArgumentCaptor<AdmissionRequest> asked = ArgumentCaptor.forClass(AdmissionRequest.class);
    verify(service).admit(asked.capture());
    assertThat(asked.getValue().scheduled()).isTrue();
    assertThat(asked.getValue().kind()).isEqualTo(OperationKind.BACKUP);
  }

  @Test
  void aPersonsBackupThatMeetsARunningOperationFailsWithTheRefusalAndChangesNothing() {
    ServiceFixtures.refuseAll(service);

    assertThatThrownBy(() -> workflow.backup(new BackupRequest(SERVICE, "now", "bob")))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(ServiceFixtures.REFUSAL)
        .satisfies(
            e ->
                assertThat(((ApplicationFailure) e).getType())
                    .isEqualTo(FailureType.OPERATION_REFUSED.type()));
    verifyNoInteractions(backups);
    verify(service, never()).finish(any());
  }

  @Test
  void aCanceledBackupTellsItsServiceOnce() {
    CountDownLatch release = new CountDownLatch(1);
    when(backups.dump(eq(SERVICE), anyString(), eq("local"), anyString()))
        .thenAnswer(
            i -> {
              release.await(30, TimeUnit.SECONDS);
              return dump();
            });
    try {
      WorkflowClient.start(workflow::backup, BackupRequest.of(SERVICE, "nightly"));
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> verify(backups).dump(eq(SERVICE), anyString(), eq("local"), anyString()));

      WorkflowStub.fromTyped(workflow).cancel();

      assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(BackupResult.class))
          .isInstanceOf(WorkflowFailedException.class)
          .cause()
          .isInstanceOf(CanceledFailure.class);
      assertThat(ServiceFixtures.reports(service))
          .singleElement()
          .extracting(OperationReport::outcome)
          .isEqualTo(OperationOutcome.CANCELED);
      verify(backups, never()).writeManifest(any());
    } finally {
      release.countDown();
    }
  }
}
