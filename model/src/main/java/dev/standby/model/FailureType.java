package dev.standby.model;

/**
 * Types of {@code ApplicationFailure}s that retrying cannot fix. Workflows and activities throw
 * them non-retryable so a run fails fast with a reason an operator can act on.
 */
public enum FailureType {
  INVALID_INPUT,
  /** A person rejected a step that waits for approval; nothing was changed after the ask. */
  APPROVAL_REJECTED,
  /**
   * Nobody approved in time at any contact level, and the step's default on timeout is to abort.
   */
  APPROVAL_TIMED_OUT,
  /**
   * Slack (or another notifier) refused a message for good: wrong token, unknown channel, bad
   * blocks.
   */
  NOTIFICATION_REFUSED,
  UNKNOWN_SERVICE,
  UNKNOWN_SITE,
  TARGET_NOT_REPLICA,
  SOURCE_NOT_PRIMARY,
  TARGET_UNHEALTHY,
  /**
   * An unplanned failover to a named target that has replayed less than another standby, without
   * acceptLoss or an approval: the writes only the other standby has would be lost.
   */
  TARGET_BEHIND,
  /** No standby can take over: none is healthy, a replica and eligible. */
  NO_CANDIDATE,
  /**
   * A replica to re-point has replayed past the new primary's fork point: it must be rewound, not
   * only re-pointed.
   */
  REPLICA_DIVERGED,
  REPLICATION_LAG_EXCEEDS_RPO,
  VERIFICATION_FAILED,
  UNSUPPORTED_PROVIDER,
  /**
   * Resync needs local control of the database (its topology's {@code local} block), which it
   * lacks.
   */
  RESYNC_NOT_CONFIGURED,
  /**
   * The topology gives the site no way to inject this fault (no {@code drill.faults} block, or a
   * provider without it).
   */
  FAULT_NOT_SUPPORTED,
  /** The service has no {@code backup} block in the topology. */
  BACKUP_NOT_CONFIGURED,
  /** No backup with that id (or none at all) in any target. */
  BACKUP_NOT_FOUND,
  /** A copy is not in its target. */
  COPY_MISSING,
  /** A copy's bytes do not match the manifest's checksum, or a chunk fails authentication. */
  COPY_CORRUPT,
  /**
   * The key given cannot decrypt the backup: a different key id, or the right id with other key
   * material.
   */
  WRONG_KEY,
  /**
   * The service is busy with another operation (the message names it and its workflow id), or is
   * not protected enough for the operation asked for. One operation per service at a time.
   */
  OPERATION_REFUSED;

  /** The failure's type string as it appears in the Temporal history. */
  public String type() {
    return name();
  }
}
