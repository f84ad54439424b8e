package dev.standby.model.database;

/**
 * What one site's database says of itself now: its role and positions, and for a replica whom it
 * streams from.
 *
 * @param upstreamSite for a replica, the site whose database its WAL receiver is connected to (or
 *     configured for, when not streaming); null when unknown or not a replica
 * @param streaming a replica whose WAL receiver is streaming right now
 * @param processAlive the database's server process runs on its host, when the worker can tell
 *     (null: no host access); a frozen or hung server is alive but unreachable
 */
public record SiteObservation(
    ReplicationStatus status, String upstreamSite, boolean streaming, Boolean processAlive) {

  public String site() {
    return status.site();
  }

  public DatabaseRole role() {
    return status.role();
  }

  /** A primary that takes writes: not fenced. */
  public boolean writablePrimary() {
    return status.role() == DatabaseRole.PRIMARY && !status.fenced();
  }
}
