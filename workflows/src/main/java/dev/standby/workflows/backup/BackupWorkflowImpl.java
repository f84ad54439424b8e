package dev.standby.workflows.backup;

import dev.standby.activities.BackupActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.Progress;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupPlan;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.backup.BackupSource;
import dev.standby.model.backup.PruneReport;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import dev.standby.workflows.ServiceAdmission;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public class BackupWorkflowImpl implements BackupWorkflow {
  static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final BackupActivities backups = Workflow.newActivityStub(BackupActivities.class);
  private final StepTimeline timeline = new StepTimeline();
  private final ServiceAdmission admission = new ServiceAdmission();
  private String service;
  private String state = "RUNNING";

  @Override
  public BackupResult backup(BackupRequest request) {
    if (request == null || request.service() == null || request.service().isBlank()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "service: missing (e.g. {\"service\":\"payments\"})");
    }
    service = request.service();
    StandbySearchAttributes.upsert(service, "backup", "all");
    try {
      admission.admit(
          timeline,
          service,
          OperationKind.BACKUP,
          false,
          request.requestedBy(),
          request.onBehalfOf());
      if (admission.skipped()) {
        state = "SKIPPED";
        return BackupResult.skipped(service, admission.refusal());
      }
      if (!admission.admitted()) {
        throw admission.refused();
      }
      BackupResult result =
          admission.run(
              () -> run(admission.state()),
              r ->
                  admission
                      .report(OperationOutcome.COMPLETED, "backup " + r.manifest().backupId())
                      .withSteps(timeline.steps()));
      state = "COMPLETED";
      return result;
    } catch (RuntimeException e) {
      state = ServiceAdmission.ended(e) == OperationOutcome.CANCELED ? "CANCELED" : "FAILED";
      throw e;
    }
  }

  /**
   * Whose database to dump: the service's primary, or with {@code from: replica} the first standby
   * the service sees streaming from it within the RPO (the primary when none is).
   */
  static String dumpSite(BackupPlan plan, ServiceState current) {
    if (plan.from() == BackupSource.REPLICA) {
      for (String standby : current.standbys()) {
        SiteState site = current.site(standby);
        if (site.role() == DatabaseRole.REPLICA
            && site.condition() == SiteCondition.HEALTHY
            && site.streaming()
            && current.primarySite().equals(site.follows())) {
          return standby;
        }
      }
    }
    return current.primarySite();
  }

  private BackupResult run(ServiceState current) {
    long startedAt = Workflow.currentTimeMillis();
    // Sorts by time; the random part keeps two backups in one second apart. Both are in history, so
    // replay agrees.
    String backupId =
        ID_TIME.format(Instant.ofEpochMilli(startedAt))
            + "-"
            + Workflow.randomUUID().toString().substring(0, 8);
    BackupPlan plan =
        timeline.run(
            "plan",
            () -> backups.plan(service),
            p -> "targets " + p.targets() + ", dump of " + dumpSite(p, current));
    String first = plan.targets().get(0);
    String site = dumpSite(plan, current);
    BackupDump dump =
        timeline.run(
            "dump-to-" + first,
            () -> backups.dump(service, backupId, first, site),
            d ->
                site
                    + ": "
                    + d.dumpBytes()
                    + " dump bytes, "
                    + d.copy().size()
                    + " stored, LSN "
                    + d.sourceLsn());

    // The other targets copy the stored (encrypted) first copy in parallel: each resumes on its own
    // after a crash.
    Map<String, Promise<BackupCopy>> copies = new java.util.LinkedHashMap<>();
    copies.put(first, Async.function(backups::verify, service, dump.copy(), dump.copy().sha256()));
    for (String target : plan.targets().subList(1, plan.targets().size())) {
      copies.put(
          target,
          Async.function(
              () ->
                  backups.verify(
                      service, backups.copy(service, dump.copy(), target), dump.copy().sha256())));
    }
    List<BackupCopy> verified = new ArrayList<>();
    int step = timeline.start("copy-and-verify");
    try {
      for (Promise<BackupCopy> copy : copies.values()) {
        verified.add(copy.get());
      }
    } catch (RuntimeException e) {
      timeline.finish(
          step, dev.standby.model.StepRecord.StepStatus.FAILED, StepTimeline.rootMessage(e));
      throw e;
    }
    timeline.finish(
        step,
        dev.standby.model.StepRecord.StepStatus.COMPLETED,
        verified.size() + " copies verified by SHA-256 " + dump.copy().sha256());

    BackupManifest manifest =
        new BackupManifest(
            backupId,
            service,
            startedAt,
            dump.format(),
            dump.sourceLsn(),
            dump.serverVersion(),
            dump.dumpBytes(),
            dump.copy().size(),
            dump.copy().sha256(),
            dump.keyId(),
            dump.rowCounts(),
            verified);
    timeline.run("write-manifest", () -> backups.writeManifest(manifest));
    PruneReport pruned =
        timeline.run(
            "prune",
            () -> backups.prune(service, Workflow.currentTimeMillis()),
            r -> "kept " + r.kept().size() + ", deleted " + r.deleted().size());
    List<String> lifecycle =
        timeline.run("lifecycle", () -> backups.applyLifecycle(service), String::valueOf);
    return new BackupResult(service, manifest, pruned, lifecycle, site, null);
  }

  @Override
  public Progress progress() {
    return new Progress(
        "backup", service, state, timeline.currentStep(), timeline.steps(), Map.of());
  }
}
