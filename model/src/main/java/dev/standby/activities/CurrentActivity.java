package dev.standby.activities;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.util.Optional;

/**
 * The running activity, if any. Adapters loop (waiting for replay, sending verification requests)
 * both inside activities and when tests call them directly; outside an activity these calls do
 * nothing.
 */
public final class CurrentActivity {
  private CurrentActivity() {}

  /**
   * Reports progress to Temporal. Inside an activity that was cancelled or timed out this throws an
   * {@code ActivityCompletionException}, which is what stops a loop that would otherwise run on.
   */
  public static void heartbeat(Object details) {
    context().ifPresent(context -> context.heartbeat(details));
  }

  /**
   * Time left before the current attempt's start-to-close timeout; {@code fallback} outside an
   * activity.
   */
  public static Duration timeLeft(Duration fallback) {
    return context()
        .map(ActivityExecutionContext::getInfo)
        .map(CurrentActivity::timeLeft)
        .orElse(fallback);
  }

  private static Duration timeLeft(ActivityInfo info) {
    Duration startToClose = info.getStartToCloseTimeout();
    if (startToClose == null || startToClose.isZero()) {
      return Duration.ofDays(1);
    }
    long endsAt = info.getStartedTimestamp() + startToClose.toMillis();
    return Duration.ofMillis(Math.max(0, endsAt - System.currentTimeMillis()));
  }

  /** The task queue the current activity was taken from; empty outside an activity. */
  public static Optional<String> taskQueue() {
    return context().map(c -> c.getInfo().getActivityTaskQueue());
  }

  private static Optional<ActivityExecutionContext> context() {
    try {
      return Optional.of(Activity.getExecutionContext());
    } catch (IllegalStateException notInAnActivity) {
      return Optional.empty();
    }
  }
}
