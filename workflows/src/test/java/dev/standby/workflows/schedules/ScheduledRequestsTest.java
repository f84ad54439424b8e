package dev.standby.workflows.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.service.ScheduleRequester;
import dev.standby.workflows.backup.BackupSchedules;
import dev.standby.workflows.drill.DrillSchedules;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import org.junit.jupiter.api.Test;

/**
 * A run knows a schedule started it by its request's requester, which the schedules set: a field
 * the test environment and the server carry alike (the workflow tests show a refused run with that
 * requester ends SKIPPED, and one without it fails).
 */
class ScheduledRequestsTest {

  private static <T> T argument(Schedule schedule, Class<T> type) {
    return ((ScheduleActionStartWorkflow) schedule.getAction()).getArguments().get(0, type);
  }

  @Test
  void aDrillScheduleStartsDrillsThatSayTheScheduleAskedForThem() {
    Schedule schedule =
        DrillSchedules.schedule(
            DrillRequest.scheduled("payments", DrillType.CHAOS, FaultKind.KILL_DB, "@daily"),
            "@daily",
            "standby",
            null,
            "note");

    DrillRequest request = argument(schedule, DrillRequest.class);

    assertThat(ScheduleRequester.isSchedule(request.requestedBy())).isTrue();
    assertThat(request.reason()).isEqualTo("scheduled drill (@daily)");
  }

  @Test
  void backupAndRestoreSchedulesStartRunsThatSayTheScheduleAskedForThem() {
    BackupRequest backup =
        argument(BackupSchedules.backup("payments", "0 2 * * *", "standby"), BackupRequest.class);
    RestoreVerifyRequest restore =
        argument(
            BackupSchedules.restoreVerify("payments", "0 6 * * *", "standby"),
            RestoreVerifyRequest.class);

    assertThat(ScheduleRequester.isSchedule(backup.requestedBy())).isTrue();
    assertThat(backup.reason()).isEqualTo("scheduled (0 2 * * *)");
    assertThat(ScheduleRequester.isSchedule(restore.requestedBy())).isTrue();
  }

  @Test
  void aPersonsRequestIsNotScheduled() {
    assertThat(ScheduleRequester.isSchedule("alice")).isFalse();
    assertThat(ScheduleRequester.isSchedule(null)).isFalse();
    assertThat(ScheduleRequester.isSchedule(BackupRequest.of("payments", "now").requestedBy()))
        .isFalse();
  }
}
