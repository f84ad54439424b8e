package dev.standby.model.database;

/**
 * A database turned into a streaming replica of the current primary.
 *
 * @param method how the database became a replica
 * @param replayLsn what the replica had replayed when it was found caught up with the primary
 */
public record ResyncResult(
    String site, String primarySite, Method method, String replayLsn, long tookMillis) {
  /**
   * How a database became a streaming replica; the names are the JSON a failback's result carries.
   */
  public enum Method {
    /** It already streamed from the primary: nothing to do. */
    ALREADY_STREAMING,
    /** A replica of the old primary told to follow the new one (primary_conninfo, reload). */
    REPOINT,
    /** pg_rewind onto the primary's timeline. */
    REWIND,
    /** A fresh copy of the primary, when pg_rewind could not. */
    BASE_BACKUP
  }
}
