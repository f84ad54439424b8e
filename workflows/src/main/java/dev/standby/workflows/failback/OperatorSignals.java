package dev.standby.workflows.failback;

/**
 * What operators asked for by signal. Handlers only record; the workflow's main loop acts on it
 * between steps, so a signal never races a step that is running.
 */
final class OperatorSignals {
  boolean paused;
  boolean held;
  boolean abortRequested;
  Integer awaitingApprovalAt;

  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    held = false;
  }

  void abort() {
    abortRequested = true;
  }
}
