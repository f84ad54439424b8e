package dev.standby.workflows.backup;

import dev.standby.model.BackupRequest;
import dev.standby.model.RestoreVerifyRequest;
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
import java.util.List;

/**
 * Temporal Schedules for a service's backups and restore verifications (client code: the worker creates them at
 * start from the topology). Schedule ids are the workflow ids, {@code backup/<service>} and
 * {@code restore-verify/<service>}; a run still going when the next is due is skipped, never doubled.
 */
public final class BackupSchedules {
  private BackupSchedules() {}

  public enum Change { CREATED, UPDATED }

  public static Schedule backup(String service, String cron, String taskQueue) {
    return schedule(BackupWorkflow.class, BackupRequest.of(service, "scheduled (" + cron + ")"),
        WorkflowIds.backup(service), "backup", service, cron, taskQueue);
  }

  public static Schedule restoreVerify(String service, String cron, String taskQueue) {
    return schedule(RestoreVerifyWorkflow.class, new RestoreVerifyRequest(service, null, null, "schedule"),
        WorkflowIds.restoreVerify(service), "restore", service, cron, taskQueue);
  }

  private static Schedule schedule(Class<?> workflow, Object request, String workflowId, String kind, String service,
      String cron, String taskQueue) {
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(workflow)
            .setArguments(request)
            .setOptions(WorkflowOptions.newBuilder()
                // Temporal appends the fire time: backup/payments-2026-11-25T02:00:00Z.
                .setWorkflowId(workflowId)
                .setTaskQueue(taskQueue)
                .setTypedSearchAttributes(StandbySearchAttributes.of(service, kind, "all"))
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setCronExpressions(List.of(cron)).build())
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP).build())
        .setState(ScheduleState.newBuilder().setNote("from the topology: " + kind + " of " + service + ", " + cron).build())
        .build();
  }

  /** Created, or its spec and action replaced; a pause an operator set stays. */
  public static Change upsert(ScheduleClient client, String scheduleId, Schedule schedule, String service, String kind) {
    try {
      client.createSchedule(scheduleId, schedule, ScheduleOptions.newBuilder()
          .setTypedSearchAttributes(StandbySearchAttributes.of(service, kind, "all")).build());
      return Change.CREATED;
    } catch (ScheduleAlreadyRunningException exists) {
      client.getHandle(scheduleId).update(input -> new ScheduleUpdate(Schedule.newBuilder(schedule)
          .setState(input.getDescription().getSchedule().getState()).build()));
      return Change.UPDATED;
    }
  }
}
