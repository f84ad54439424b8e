package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Timestamp;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.Optional;

/**
 * An activity a running run is waiting on, as Temporal describes it: what it is, its attempt, and
 * the details it last heartbeated (a backup upload's {@code {"target":"s3","bytes":..,
 * "totalBytes":..}}), so a client can show how far a long step has come.
 *
 * @param state SCHEDULED, STARTED or CANCEL_REQUESTED
 * @param heartbeat the last heartbeat's details, decoded; null when it sent none (or they could not
 *     be decoded)
 * @param lastFailure why the previous attempt failed, while the activity is retried
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingActivity(
    String activityType,
    String state,
    int attempt,
    String lastStartedAt,
    String lastHeartbeatAt,
    JsonNode heartbeat,
    String lastFailure) {

  static PendingActivity of(PendingActivityInfo info, DataConverter converter) {
    return new PendingActivity(
        info.getActivityType().getName(),
        info.getState().name().replace("PENDING_ACTIVITY_STATE_", ""),
        info.getAttempt(),
        info.hasLastStartedTime() ? iso(info.getLastStartedTime()) : null,
        info.hasLastHeartbeatTime() ? iso(info.getLastHeartbeatTime()) : null,
        info.hasHeartbeatDetails() ? heartbeat(info, converter) : null,
        info.hasLastFailure() ? info.getLastFailure().getMessage() : null);
  }

  private static JsonNode heartbeat(PendingActivityInfo info, DataConverter converter) {
    if (info.getHeartbeatDetails().getPayloadsCount() == 0) {
      return null;
    }
    try {
      return converter.fromPayloads(
          0, Optional.of(info.getHeartbeatDetails()), JsonNode.class, JsonNode.class);
    } catch (RuntimeException undecodable) {
      // Progress is a nicety: a payload this API cannot decode leaves it out, not the run.
      return null;
    }
  }

  private static String iso(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
  }
}
