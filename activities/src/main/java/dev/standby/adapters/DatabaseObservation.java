package dev.standby.adapters;

import dev.standby.model.database.ReplicationStatus;

/**
 * What an adapter sees of one database: its status, and for a replica the host and port its WAL
 * receiver streams from (or, when not streaming, is configured for); the activities map that
 * address to a site.
 *
 * @param upstreamHost null when unknown or not a replica
 * @param upstreamPort null when unknown or not a replica
 * @param processAlive the server process runs on this machine; null when the adapter cannot tell
 */
public record DatabaseObservation(
    ReplicationStatus status,
    String upstreamHost,
    Integer upstreamPort,
    boolean streaming,
    Boolean processAlive) {

  /** A database whose provider says nothing about upstreams or processes. */
  public static DatabaseObservation of(ReplicationStatus status) {
    return new DatabaseObservation(status, null, null, false, null);
  }
}
