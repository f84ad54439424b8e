package dev.standby.workflows.failback;

import dev.standby.model.failback.FailbackResult;

/**
 * What the failback's {@code progress} query reports as its state (the names are the API's values).
 */
enum FailbackState {
  RUNNING,
  PAUSED,
  AWAITING_APPROVAL,
  /** After a failed gate with {@code onGateFailure: hold}, waiting for a person. */
  HELD,
  ROLLING_BACK,
  ABORTING,
  COMPLETED,
  ROLLED_BACK,
  ABORTED,
  FAILED;

  static FailbackState endedAs(FailbackResult.Outcome outcome) {
    return switch (outcome) {
      case COMPLETED -> COMPLETED;
      case ROLLED_BACK -> ROLLED_BACK;
      case ABORTED -> ABORTED;
    };
  }
}
