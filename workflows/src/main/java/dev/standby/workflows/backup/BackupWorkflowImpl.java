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
import dev.standby.model.backup.PruneReport;
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
      BackupResult result = run();
      state = "COMPLETED";
      return result;
    } catch (RuntimeException e) {
      state = "FAILED";
      throw e;
    }
  }

  private BackupResult run() {
    long startedAt = Workflow.currentTimeMillis();
    // Sorts by time; the random part keeps two backups in one second apart. Both are in history, so
    // replay agrees.
    String backupId =
        ID_TIME.format(Instant.ofEpochMilli(startedAt))
            + "-"
            + Workflow.randomUUID().toString().substring(0, 8);
    BackupPlan plan =
        timeline.run("plan", () -> backups.plan(service), p -> "targets " + p.targets());
    String first = plan.targets().get(0);
    BackupDump dump =
        timeline.run(
            "dump-to-" + first,
            () -> backups.dump(service, backupId, first),
            d ->
                d.dumpBytes()
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
    return new BackupResult(service, manifest, pruned, lifecycle);
  }

  @Override
  public Progress progress() {
    return new Progress(
        "backup", service, state, timeline.currentStep(), timeline.steps(), Map.of());
  }
}
