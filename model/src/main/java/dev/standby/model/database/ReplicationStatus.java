package dev.standby.model.database;

/**
 * A database's replication state as seen from that database.
 *
 * @param receiveLsn replicas: the last WAL position received; primaries: the current WAL position
 * @param replayLsn replicas: the last WAL position replayed; primaries: the current WAL position
 * @param lastReplayedCommitMillis replicas: commit time of the last replayed transaction, if any
 * @param lagMillis replicas: 0 when everything received is replayed, else now minus the last
 *     replayed commit
 * @param fenced primaries: refusing new writes (read-only by default) after a fence
 */
public record ReplicationStatus(
    String site,
    DatabaseRole role,
    String receiveLsn,
    String replayLsn,
    Long lastReplayedCommitMillis,
    Long lagMillis,
    boolean fenced,
    String error) {}
