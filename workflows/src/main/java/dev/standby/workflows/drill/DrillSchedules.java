package dev.standby.workflows.drill;

import dev.standby.model.drill.DrillRequest;
import dev.standby.workflows.StandbySchedules;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;

/**
 * Temporal Schedules that start a service's drills (client code, used by the worker at start and by
 * the API). A drill that is still running when the next is due is skipped, never doubled: one drill
 * per service at a time.
 */
public final class DrillSchedules {
  private DrillSchedules() {}

  /**
   * @param cron five-field cron, or Temporal's {@code @every 10m}, {@code @daily}, ...
   * @param site the service's primary site, for the runs' StandbySite; null when not known (the API
   *     does not know the topology; the drill sets it when it starts)
   */
  public static Schedule schedule(
      DrillRequest request, String cron, String taskQueue, String site, String note) {
    return StandbySchedules.startWorkflow(
        DrillWorkflow.class,
        request,
        WorkflowIds.drill(request.service()),
        taskQueue,
        StandbySearchAttributes.of(request.service(), "drill", site),
        cron,
        note);
  }

  public static StandbySchedules.Change upsert(
      ScheduleClient client, String scheduleId, Schedule schedule, String service, String site) {
    return StandbySchedules.upsert(
        client, scheduleId, schedule, StandbySearchAttributes.of(service, "drill", site));
  }
}
