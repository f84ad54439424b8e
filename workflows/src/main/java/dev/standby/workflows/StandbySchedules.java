package dev.standby.workflows;

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
 * What Standby's Temporal Schedules (drills, backups, restore verifications) share: each starts one
 * workflow on a cron, skips a run while the last is still going (never two at once for a service),
 * and is made or updated idempotently from the topology or the API.
 */
public final class StandbySchedules {
  private StandbySchedules() {}

  public enum Change {
    CREATED,
    UPDATED
  }

  /**
   * @param workflowId Temporal appends each fire time to it, e.g. {@code
   *     drill/payments-2026-12-01T03:00:00Z}
   * @param cron five-field cron, or Temporal's {@code @every 10m}, {@code @daily}, ...
   */
  public static Schedule startWorkflow(
      Class<?> workflow,
      Object request,
      String workflowId,
      String taskQueue,
      SearchAttributes attributes,
      String cron,
      String note) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(workflow)
                .setArguments(request)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(taskQueue)
                        .setTypedSearchAttributes(attributes)
                        .build())
                .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .build())
        .setState(ScheduleState.newBuilder().setNote(note).build())
        .build();
  }

  /**
   * Created, or its spec and action replaced; whether it is paused is left as an operator set it.
   */
  public static Change upsert(
      ScheduleClient client, String scheduleId, Schedule schedule, SearchAttributes attributes) {
    try {
      client.createSchedule(
          scheduleId,
          schedule,
          ScheduleOptions.newBuilder().setTypedSearchAttributes(attributes).build());
      return Change.CREATED;
    } catch (ScheduleAlreadyRunningException exists) {
      client
          .getHandle(scheduleId)
          .update(
              input ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(schedule)
                          .setState(input.getDescription().getSchedule().getState())
                          .build()));
      return Change.UPDATED;
    }
  }
}
