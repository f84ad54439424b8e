package dev.standby.workflows.failback;

/** Where a running failback is in its runbook. */
enum FailbackPhase {
  STARTING,
  CHECKING,
  RESYNCING,
  SHIFTING,
  AWAITING_APPROVAL,
  HELD,
  ROLLING_BACK,
  ABORTING,
  SWITCHING_DATABASE,
  RESEEDING,
  SWITCHING_DATABASE_BACK,
  VERIFYING;

  /**
   * The state a phase shows while no operator signal (pause, hold, a pending approval) says more.
   */
  FailbackState state() {
    return switch (this) {
      case ROLLING_BACK -> FailbackState.ROLLING_BACK;
      case ABORTING -> FailbackState.ABORTING;
      default -> FailbackState.RUNNING;
    };
  }
}
