package dev.standby.model.service;

/**
 * A site's condition in the service's state machine (README, "The service state").
 *
 * <p>HEALTHY and DEGRADED come from observation; FAILING_OVER, FAILED_OVER and FAILING_BACK from
 * operations; FENCED and NEEDS_RESYNC from what Standby did to an old primary, until it streams
 * again.
 */
public enum SiteCondition {
  /** Its database answers in the role the service expects (primary, or a streaming replica). */
  HEALTHY,
  /** Answers, but not as it should: a replica that does not stream or lags past the RPO. */
  DEGRADED,
  /** Its database does not answer. */
  UNREACHABLE,
  /** A failover away from it, or to it, is running. */
  FAILING_OVER,
  /** The primary a failover left: not taking writes, not a replica yet. */
  FAILED_OVER,
  /** A failback to it is running. */
  FAILING_BACK,
  /** Standby fenced its database (read-only, stopped or isolated) so it cannot take writes. */
  FENCED,
  /** Its data diverged from the primary's (an old primary): it must be re-seeded as a replica. */
  NEEDS_RESYNC,
  /** Holds backups and object copies only: never a failover target, never carries traffic. */
  BACKUP_ONLY
}
