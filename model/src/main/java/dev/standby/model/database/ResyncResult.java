package dev.standby.model.database;



/**
 * A database turned into a streaming replica of the current primary.
 *
 * @param method ALREADY_STREAMING (nothing to do), REWIND (pg_rewind) or BASE_BACKUP (a fresh copy)
 * @param replayLsn what the replica had replayed when it was found caught up with the primary
 */
public record ResyncResult(String site, String primarySite, String method, String replayLsn, long tookMillis) {
  public static final String ALREADY_STREAMING = "ALREADY_STREAMING";
  public static final String REWIND = "REWIND";
  public static final String BASE_BACKUP = "BASE_BACKUP";
}
