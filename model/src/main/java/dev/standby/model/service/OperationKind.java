package dev.standby.model.service;

/** What a run does to a service; one operation per service runs at a time, whatever its kind. */
public enum OperationKind {
  FAILOVER,
  FAILBACK,
  DRILL,
  BACKUP,
  RESTORE_VERIFY,
  RUNBOOK;

  /**
   * Whether an unplanned failover may preempt a run of this kind: the service is down and a drill,
   * a backup or a restore check can wait. Failovers, failbacks and runbooks move the service
   * themselves and are never preempted.
   */
  public boolean yieldsToUnplannedFailover() {
    return this == DRILL || this == BACKUP || this == RESTORE_VERIFY;
  }

  /** Lower case with dashes, as in workflow ids and the API ({@code restore-verify}). */
  public String label() {
    return name().toLowerCase().replace('_', '-');
  }
}
