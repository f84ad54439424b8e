package dev.standby.workflows.failback;





import java.util.HashSet;
import java.util.Set;

/**
 * What operators asked for by signal. Handlers only record; the workflow's main loop acts on it between
 * steps, so a signal never races a step that is running.
 */
final class OperatorSignals {
  boolean paused;
  boolean held;
  boolean abortRequested;
  Integer awaitingApprovalAt;
  private final Set<Integer> approved = new HashSet<>();

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    held = false;
  }

  /** Only a step that waits can be approved: an approval sent early must not wave a later step through. */
  void approve() {
    if (awaitingApprovalAt != null) {
      approved.add(awaitingApprovalAt);
    }
  }

  void abort() {
    abortRequested = true;
  }

  boolean approved(int percent) {
    return approved.contains(percent);
  }
}
