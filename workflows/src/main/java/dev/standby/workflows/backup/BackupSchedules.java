package dev.standby.workflows.backup;

import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.workflows.StandbySchedules;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;

/**
 * Temporal Schedules for a service's backups and restore verifications (client code: the worker
 * creates them at start from the topology). Schedule ids are the workflow ids, {@code
 * backup/<service>} and {@code restore-verify/<service>}; a run still going when the next is due is
 * skipped, never doubled.
 */
public final class BackupSchedules {
  private BackupSchedules() {}

  public static Schedule backup(String service, String cron, String taskQueue) {
    return StandbySchedules.startWorkflow(
        BackupWorkflow.class,
        BackupRequest.scheduled(service, cron),
        WorkflowIds.backup(service),
        taskQueue,
        StandbySearchAttributes.of(service, "backup", "all"),
        cron,
        note("backup", service, cron));
  }

  public static Schedule restoreVerify(String service, String cron, String taskQueue) {
    return StandbySchedules.startWorkflow(
        RestoreVerifyWorkflow.class,
        RestoreVerifyRequest.scheduled(service),
        WorkflowIds.restoreVerify(service),
        taskQueue,
        StandbySearchAttributes.of(service, "restore", "all"),
        cron,
        note("restore", service, cron));
  }

  public static StandbySchedules.Change upsert(
      ScheduleClient client, String scheduleId, Schedule schedule, String service, String kind) {
    return StandbySchedules.upsert(
        client, scheduleId, schedule, StandbySearchAttributes.of(service, kind, "all"));
  }

  private static String note(String kind, String service, String cron) {
    return "from the topology: " + kind + " of " + service + ", " + cron;
  }
}
