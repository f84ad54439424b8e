package dev.standby.workflows.drill;

import dev.standby.model.DrillRequest;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.common.SearchAttributes;
import java.util.List;

/**
 * Temporal Schedules that start a service's drills (client code, used by the worker at start and by the API).
 * A drill that is still running when the next is due is skipped, never doubled: one drill per service at a time.
 */
public final class DrillSchedules {
  private DrillSchedules() {}

  /** Created, or its spec and action replaced; whether it is paused is left as an operator set it. */
  public enum Change { CREATED, UPDATED }

  /**
   * @param cron five-field cron, or Temporal's {@code @every 10m}, {@code @daily}, ...
   * @param site the service's primary site, for the runs' StandbySite
   */
  public static Schedule schedule(DrillRequest request, String cron, String taskQueue, String site, String note) {
    String service = request.service();
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(DrillWorkflow.class)
            .setArguments(request)
            .setOptions(WorkflowOptions.newBuilder()
                // Temporal appends the fire time to the id: drill/payments-2026-12-01T03:00:00Z.
                .setWorkflowId(WorkflowIds.drill(service))
                .setTaskQueue(taskQueue)
                .setTypedSearchAttributes(attributes(service, site))
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .setState(ScheduleState.newBuilder().setNote(note).build())
        .build();
  }

  /** StandbySite only when known (the API does not know the topology; the drill sets it when it starts). */
  private static SearchAttributes attributes(String service, String site) {
    SearchAttributes.Builder b = SearchAttributes.newBuilder()
        .set(StandbySearchAttributes.SERVICE, service)
        .set(StandbySearchAttributes.KIND, "drill");
    return site == null ? b.build() : b.set(StandbySearchAttributes.SITE, site).build();
  }

  public static Change upsert(ScheduleClient client, String scheduleId, Schedule schedule, String service, String site) {
    try {
      client.createSchedule(scheduleId, schedule, ScheduleOptions.newBuilder()
          .setTypedSearchAttributes(attributes(service, site))
          .build());
      return Change.CREATED;
    } catch (ScheduleAlreadyRunningException exists) {
      client.getHandle(scheduleId).update(input -> {
        ScheduleState current = input.getDescription().getSchedule().getState();
        return new ScheduleUpdate(Schedule.newBuilder(schedule).setState(current).build());
      });
      return Change.UPDATED;
    }
  }
}
