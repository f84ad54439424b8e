package dev.standby.model.database;

/**
 * Outcome of promoting a replica.
 *
 * @param promoted false when the database was already a primary (the call changed nothing)
 * @param replayLsn the last WAL position the replica had replayed when promotion began
 * @param lastReplayedCommitMillis commit time of the last transaction the replica had replayed
 * @param timeline the database's timeline after promotion
 */
public record PromotionResult(
    String site,
    boolean promoted,
    String replayLsn,
    Long lastReplayedCommitMillis,
    long promotedAtMillis,
    int timeline) {}
