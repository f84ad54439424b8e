package dev.standby.model.service;

/** How an operation on a service ended, as its history records it. */
public enum OperationOutcome {
  COMPLETED,
  FAILED,
  /** Rolled back by itself (a failback whose gate failed): the service is where it was. */
  ROLLED_BACK,
  CANCELED,
  /** Not run: another operation held the service, or it was not protected (scheduled runs). */
  SKIPPED,
  /** Canceled by the service for an unplanned failover that could not wait. */
  PREEMPTED,
  /** Its workflow closed without reporting (terminated, timed out): the service noticed. */
  ABANDONED
}
