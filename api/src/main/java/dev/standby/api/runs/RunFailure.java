package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TerminatedFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * Why a run did not complete.
 *
 * @param type the ApplicationFailure's type ({@code UNKNOWN_SERVICE}, {@code TARGET_NOT_REPLICA},
 *     ...) or CANCELED, TERMINATED, TIMED_OUT
 * @param activity the activity that failed, when the failure came from one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFailure(String type, String message, String activity) {

  /**
   * @param cause the failure a closed run ended with (a {@code WorkflowFailedException}'s cause)
   */
  public static RunFailure of(Throwable cause) {
    String activity = null;
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ActivityFailure failure) {
        activity = failure.getActivityType();
      } else if (t instanceof ApplicationFailure failure) {
        // The innermost typed failure says what went wrong; the wrappers above it only say where.
        return new RunFailure(failure.getType(), failure.getOriginalMessage(), activity);
      } else if (t instanceof CanceledFailure) {
        return new RunFailure("CANCELED", "the run was canceled", activity);
      } else if (t instanceof TerminatedFailure failure) {
        return new RunFailure("TERMINATED", failure.getOriginalMessage(), activity);
      } else if (t instanceof TimeoutFailure failure) {
        return new RunFailure(
            "TIMED_OUT",
            failure.getTimeoutType().name().replace("TIMEOUT_TYPE_", "") + " timeout",
            activity);
      }
    }
    String message =
        cause instanceof TemporalFailure failure
            ? failure.getOriginalMessage()
            : String.valueOf(cause);
    return new RunFailure(
        cause == null ? "UNKNOWN" : cause.getClass().getSimpleName(), message, activity);
  }
}
