package dev.standby.worker;

import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.backup.BackupSchedules;
import io.temporal.client.schedules.ScheduleClient;
import java.util.ArrayList;
import java.util.List;

/**
 * At start, each service's {@code backup.schedule} crons become Temporal Schedules, created or
 * updated.
 */
final class ScheduledBackups {
  private ScheduledBackups() {}

  static List<String> sync(ScheduleClient client, Topology topology) {
    String queue = topology.temporal().taskQueue();
    List<String> lines = new ArrayList<>();
    for (ServiceTopology s : topology.services().values()) {
      ServiceTopology.Backup backup = s.backup();
      if (backup == null) {
        continue;
      }
      if (backup.backupSchedule() != null) {
        String id = WorkflowIds.backup(s.name());
        var change =
            BackupSchedules.upsert(
                client,
                id,
                BackupSchedules.backup(s.name(), backup.backupSchedule(), queue),
                s.name(),
                "backup");
        lines.add(
            id
                + " "
                + change.name().toLowerCase()
                + ": backup of "
                + s.name()
                + " on '"
                + backup.backupSchedule()
                + "'");
      }
      if (backup.restoreSchedule() != null) {
        String id = WorkflowIds.restoreVerify(s.name());
        var change =
            BackupSchedules.upsert(
                client,
                id,
                BackupSchedules.restoreVerify(s.name(), backup.restoreSchedule(), queue),
                s.name(),
                "restore");
        lines.add(
            id
                + " "
                + change.name().toLowerCase()
                + ": restore verification of "
                + s.name()
                + " on '"
                + backup.restoreSchedule()
                + "'");
      }
    }
    return lines;
  }
}
