package dev.standby.workflows.failover;

/** What the failover's {@code progress} query reports as its state. */
enum FailoverState {
  RUNNING,
  COMPLETED,
  FAILED
}
