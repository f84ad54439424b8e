package dev.standby.model.failover;

/** How a failover treats the old primary. */
public enum FailoverMode {
  /**
   * The old primary is alive: fence it, wait for the replica to replay its last LSN, promote. Loses
   * nothing.
   */
  PLANNED,
  /**
   * The old primary is gone: promote at once and record what the replica had replayed as evidence
   * of loss.
   */
  UNPLANNED
}
