package dev.standby.workflows.backup;

import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.backup.BackupFixtures.SERVICE;
import static dev.standby.workflows.backup.BackupFixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.standby.activities.BackupActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.model.FailureType;
import dev.standby.model.backup.ConsistencyCheck;
import dev.standby.model.backup.RestoreAttempt;
import dev.standby.model.backup.RestoreCheck;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.model.backup.RestoreVerifyResult;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.workflows.ServiceFixtures;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RestoreVerifyWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(),
              RestoreVerifyWorkflowImpl.class)
          .build();

  private final BackupActivities backups = mockActivity(BackupActivities.class);
  private final ServiceActivities service =
      ServiceFixtures.admitting(TestFixtures.serviceState("site-a"));
  private RestoreVerifyWorkflow workflow;

  @BeforeEach
  void setUp(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(backups, service);
    env.start();
    workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                RestoreVerifyWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.restoreVerify(SERVICE))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    when(backups.listBackups(SERVICE))
        .thenReturn(
            List.of(
                manifest("20261122T020000Z-00000001"),
                manifest("20261123T020000Z-00000002"),
                manifest("20261124T020000Z-00000003")));
  }

  static RestoreCheck passed(String target) {
    return new RestoreCheck(
        target,
        4096,
        850,
        List.of(
            new ConsistencyCheck("rows \"public\".\"orders\"", true, "expected 120, found 120")));
  }

  static ApplicationFailure failure(FailureType type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.type());
  }

  @Test
  void provesTheNewestBackupFromTheFirstCopy() {
    when(backups.restoreAndCheck(eq(SERVICE), any(), eq("local"))).thenReturn(passed("local"));

    RestoreVerifyResult result = workflow.restoreVerify(RestoreVerifyRequest.latest(SERVICE));

    assertThat(result.backupId()).isEqualTo("20261124T020000Z-00000003");
    assertThat(result.verified()).isTrue();
    assertThat(result.restoredFrom()).isEqualTo("local");
    assertThat(result.restoreMillis()).isEqualTo(850);
    assertThat(result.attempts()).containsExactly(new RestoreAttempt("local", "restored", null));
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(OperationKind.RESTORE_VERIFY);
              assertThat(r.outcome()).isEqualTo(OperationOutcome.COMPLETED);
            });
  }

  @Test
  void aCorruptCopyAndAMissingCopyAreSkippedForTheNext() {
    when(backups.restoreAndCheck(eq(SERVICE), any(), eq("s3")))
        .thenThrow(
            failure(
                FailureType.COPY_CORRUPT,
                "s3://b/x: chunk 3 at byte 3146000 fails authentication"));
    when(backups.restoreAndCheck(eq(SERVICE), any(), eq("local")))
        .thenThrow(failure(FailureType.COPY_MISSING, "file:///backups/x: the copy is missing"));
    when(backups.restoreAndCheck(eq(SERVICE), any(), eq("gcs"))).thenReturn(passed("gcs"));

    RestoreVerifyResult result =
        workflow.restoreVerify(
            new RestoreVerifyRequest(SERVICE, "20261123T020000Z-00000002", "s3", "test"));

    assertThat(result.backupId()).isEqualTo("20261123T020000Z-00000002");
    assertThat(result.restoredFrom()).isEqualTo("gcs");
    assertThat(result.attempts())
        .extracting(RestoreAttempt::target, RestoreAttempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("s3", "COPY_CORRUPT"),
            org.assertj.core.groups.Tuple.tuple("local", "COPY_MISSING"),
            org.assertj.core.groups.Tuple.tuple("gcs", "restored"));
    assertThat(result.attempts().get(0).error()).contains("fails authentication");
  }

  @Test
  void aWrongKeyEndsTheRunWithoutTryingOtherCopies() {
    when(backups.restoreAndCheck(eq(SERVICE), any(), eq("local")))
        .thenThrow(
            failure(
                FailureType.WRONG_KEY,
                "the backup was encrypted with key 'k1', but the configured key is 'k2'"));

    assertThatThrownBy(() -> workflow.restoreVerify(RestoreVerifyRequest.latest(SERVICE)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("encrypted with key 'k1', but the configured key is 'k2'");
    verify(backups, never()).restoreAndCheck(anyString(), any(), eq("s3"));
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(OperationOutcome.FAILED);
              assertThat(r.detail()).contains("the configured key is 'k2'");
            });
  }

  @Test
  void failedChecksAreReportedAsNotVerified() {
    when(backups.restoreAndCheck(eq(SERVICE), any(), eq("local")))
        .thenReturn(
            new RestoreCheck(
                "local",
                4096,
                900,
                List.of(
                    new ConsistencyCheck(
                        "rows \"public\".\"orders\"", false, "expected 120, found 119"))));

    RestoreVerifyResult result = workflow.restoreVerify(RestoreVerifyRequest.latest(SERVICE));

    assertThat(result.verified()).isFalse();
    assertThat(workflow.progress().state()).isEqualTo("FAILED_CHECKS");
    assertThat(ServiceFixtures.reports(service))
        .singleElement()
        .extracting(OperationReport::outcome)
        .isEqualTo(OperationOutcome.FAILED);
  }

  @Test
  void everyCopyBadFailsTheRunNamingEachAttempt() {
    when(backups.restoreAndCheck(eq(SERVICE), any(), anyString()))
        .thenThrow(failure(FailureType.COPY_CORRUPT, "bad"));

    assertThatThrownBy(() -> workflow.restoreVerify(RestoreVerifyRequest.latest(SERVICE)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("no copy could be restored")
        .hasMessageContaining("gcs");
  }

  @Test
  void anUnknownBackupOrTargetIsBadInput() {
    assertThatThrownBy(
            () -> workflow.restoreVerify(new RestoreVerifyRequest(SERVICE, "nope", null, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .rootCause()
        .hasMessageContaining("backupId: no backup 'nope'");
  }

  @Test
  void aScheduledRunThatMeetsARunningOperationIsSkippedAndChangesNothing() {
    ServiceFixtures.refuseAll(service);

    RestoreVerifyResult result = workflow.restoreVerify(RestoreVerifyRequest.scheduled(SERVICE));

    assertThat(result.skipped()).isEqualTo(ServiceFixtures.REFUSAL);
    assertThat(result.verified()).isFalse();
    assertThat(workflow.progress().state()).isEqualTo("SKIPPED");
    verifyNoInteractions(backups);
    verify(service, never()).finish(any());
  }

  @Test
  void aPersonsRunThatMeetsARunningOperationFailsWithTheRefusal() {
    ServiceFixtures.refuseAll(service);

    assertThatThrownBy(
            () -> workflow.restoreVerify(new RestoreVerifyRequest(SERVICE, null, null, "bob")))
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
}
