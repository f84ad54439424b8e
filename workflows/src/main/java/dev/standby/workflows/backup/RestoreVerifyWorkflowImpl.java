package dev.standby.workflows.backup;

import dev.standby.activities.BackupActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.Progress;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.ConsistencyCheck;
import dev.standby.model.backup.RestoreAttempt;
import dev.standby.model.backup.RestoreCheck;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.model.backup.RestoreVerifyResult;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.workflows.ServiceAdmission;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class RestoreVerifyWorkflowImpl implements RestoreVerifyWorkflow {
  /**
   * A copy that fails with one of these is skipped for the next; any other failure ends the run.
   */
  static final Set<String> NEXT_COPY =
      Set.of(FailureType.COPY_MISSING.type(), FailureType.COPY_CORRUPT.type());

  private final BackupActivities backups = Workflow.newActivityStub(BackupActivities.class);
  private final StepTimeline timeline = new StepTimeline();
  private final ServiceAdmission admission = new ServiceAdmission();
  private String service;
  private String state = "RUNNING";

  @Override
  public RestoreVerifyResult restoreVerify(RestoreVerifyRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "service: missing (e.g. {\"service\":\"payments\"})");
    }
    service = request.service();
    StandbySearchAttributes.upsert(
        service, "restore", request.fromTarget() == null ? "any" : request.fromTarget());
    try {
      admission.admit(
          timeline,
          service,
          OperationKind.RESTORE_VERIFY,
          false,
          request.requestedBy(),
          request.onBehalfOf());
      if (admission.skipped()) {
        state = "SKIPPED";
        return RestoreVerifyResult.skipped(service, admission.refusal());
      }
      if (!admission.admitted()) {
        throw admission.refused();
      }
      RestoreVerifyResult result =
          admission.run(
              () -> run(request),
              r ->
                  admission
                      .report(
                          r.verified() ? OperationOutcome.COMPLETED : OperationOutcome.FAILED,
                          "backup "
                              + r.backupId()
                              + " restored from "
                              + r.restoredFrom()
                              + (r.verified() ? ", every check passed" : ", checks failed"))
                      .withSteps(timeline.steps()));
      state = result.verified() ? "VERIFIED" : "FAILED_CHECKS";
      return result;
    } catch (RuntimeException e) {
      state = ServiceAdmission.ended(e) == OperationOutcome.CANCELED ? "CANCELED" : "FAILED";
      throw e;
    }
  }

  private RestoreVerifyResult run(RestoreVerifyRequest request) {
    BackupManifest manifest =
        timeline.run(
            "pick-backup",
            () -> pick(request),
            m -> m.backupId() + " (" + m.copies().size() + " copies)");
    List<String> order = order(manifest, request.fromTarget());
    List<RestoreAttempt> attempts = new ArrayList<>();
    for (String target : order) {
      int step = timeline.start("restore-from-" + target);
      try {
        RestoreCheck check = backups.restoreAndCheck(service, manifest, target);
        attempts.add(new RestoreAttempt(target, "restored", null));
        timeline.finish(
            step,
            check.passed() ? StepStatus.COMPLETED : StepStatus.FAILED,
            "restored in "
                + check.restoreMillis()
                + " ms; "
                + failed(check.checks()).size()
                + " checks failed");
        return new RestoreVerifyResult(
            service,
            manifest.backupId(),
            target,
            attempts,
            check.restoreMillis(),
            check.checks(),
            check.passed());
      } catch (ActivityFailure e) {
        String type = e.getCause() instanceof ApplicationFailure a ? a.getType() : null;
        timeline.finish(step, StepStatus.FAILED, StepTimeline.rootMessage(e));
        if (type == null || !NEXT_COPY.contains(type)) {
          throw e;
        }
        attempts.add(
            new RestoreAttempt(
                target, type, ((ApplicationFailure) e.getCause()).getOriginalMessage()));
      }
    }
    throw Failures.nonRetryable(
        FailureType.COPY_CORRUPT,
        "backup "
            + manifest.backupId()
            + " of "
            + service
            + ": no copy could be restored; tried "
            + attempts);
  }

  private BackupManifest pick(RestoreVerifyRequest request) {
    List<BackupManifest> all = backups.listBackups(service);
    if (all.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.BACKUP_NOT_FOUND, "service " + service + " has no backups in any target");
    }
    if (request.backupId() == null) {
      return all.get(all.size() - 1);
    }
    return all.stream()
        .filter(m -> m.backupId().equals(request.backupId()))
        .findFirst()
        .orElseThrow(
            () ->
                Failures.nonRetryable(
                    FailureType.BACKUP_NOT_FOUND,
                    "backupId: no backup '"
                        + request.backupId()
                        + "' of "
                        + service
                        + " (newest: "
                        + all.get(all.size() - 1).backupId()
                        + ")"));
  }

  /** The chosen target first, then the manifest's other copies in their order. */
  static List<String> order(BackupManifest manifest, String fromTarget) {
    List<String> targets =
        new ArrayList<>(manifest.copies().stream().map(BackupCopy::target).toList());
    if (fromTarget != null) {
      if (!targets.remove(fromTarget)) {
        throw Failures.nonRetryable(
            FailureType.INVALID_INPUT,
            "fromTarget: backup "
                + manifest.backupId()
                + " has no copy in '"
                + fromTarget
                + "' (copies: "
                + targets
                + ")");
      }
      targets.add(0, fromTarget);
    }
    return targets;
  }

  private static List<ConsistencyCheck> failed(List<ConsistencyCheck> checks) {
    return checks.stream().filter(c -> !c.passed()).toList();
  }

  @Override
  public Progress progress() {
    return new Progress(
        "restore", service, state, timeline.currentStep(), timeline.steps(), Map.of());
  }
}
