package dev.standby.model.service;

/** What a run does to a service; one operation per service runs at a time, whatever its kind. */
public enum OperationKind {
  FAILOVER,
  FAILBACK,
  DRILL,
  BACKUP,
  RESTORE_VERIFY,
  RUNBOOK;

  /** Lower case with dashes, as in workflow ids and the API ({@code restore-verify}). */
  public String label() {
    return name().toLowerCase().replace('_', '-');
  }
}
