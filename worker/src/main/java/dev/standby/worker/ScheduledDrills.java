package dev.standby.worker;

import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import dev.standby.workflows.StandbySchedules;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillSchedules;
import io.temporal.client.schedules.ScheduleClient;
import java.util.ArrayList;
import java.util.List;

/**
 * At start, each service with a {@code drill.schedule} in the topology gets its Temporal Schedule
 * created or updated.
 */
final class ScheduledDrills {
  private ScheduledDrills() {}

  static List<String> sync(ScheduleClient client, Topology topology) {
    List<String> lines = new ArrayList<>();
    for (ServiceTopology s : topology.services().values()) {
      ServiceTopology.Schedule cron = s.drill().schedule();
      if (cron == null) {
        continue;
      }
      DrillType type = DrillType.valueOf(cron.type());
      DrillRequest request =
          DrillRequest.scheduled(
              s.name(),
              type,
              type == DrillType.CHAOS ? FaultKind.valueOf(cron.fault()) : null,
              cron.cron());
      String id = WorkflowIds.drillSchedule(s.name());
      StandbySchedules.Change change =
          DrillSchedules.upsert(
              client,
              id,
              DrillSchedules.schedule(
                  request,
                  cron.cron(),
                  topology.temporal().taskQueue(),
                  s.primarySite(),
                  "from the topology: " + type.name().toLowerCase() + " drill, " + cron.cron()),
              s.name(),
              s.primarySite());
      lines.add(
          id
              + " "
              + change.name().toLowerCase()
              + ": "
              + type
              + " drill of "
              + s.name()
              + " on '"
              + cron.cron()
              + "'");
    }
    return lines;
  }
}
