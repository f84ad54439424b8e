package dev.standby.workflows.drill;

import dev.standby.model.DrillRequest;
import dev.standby.workflows.StandbySchedules;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.common.SearchAttributes;

/**
 * Temporal Schedules that start a service's drills (client code, used by the worker at start and by the API).
 * A drill that is still running when the next is due is skipped, never doubled: one drill per service at a time.
 */
public final class DrillSchedules {
  private DrillSchedules() {}

  /**
   * @param cron five-field cron, or Temporal's {@code @every 10m}, {@code @daily}, ...
   * @param site the service's primary site, for the runs' StandbySite
   */
  public static Schedule schedule(DrillRequest request, String cron, String taskQueue, String site, String note) {
    return StandbySchedules.startWorkflow(DrillWorkflow.class, request, WorkflowIds.drill(request.service()), taskQueue,
        attributes(request.service(), site), cron, note);
  }

  public static StandbySchedules.Change upsert(ScheduleClient client, String scheduleId, Schedule schedule,
      String service, String site) {
    return StandbySchedules.upsert(client, scheduleId, schedule, attributes(service, site));
  }

  /** StandbySite only when known (the API does not know the topology; the drill sets it when it starts). */
  private static SearchAttributes attributes(String service, String site) {
    SearchAttributes.Builder b = SearchAttributes.newBuilder()
        .set(StandbySearchAttributes.SERVICE, service)
        .set(StandbySearchAttributes.KIND, "drill");
    return site == null ? b.build() : b.set(StandbySearchAttributes.SITE, site).build();
  }
}
