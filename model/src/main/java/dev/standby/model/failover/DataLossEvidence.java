package dev.standby.model.failover;

/**
 * What a failover may have lost. A planned failover proves zero loss by comparing LSNs; an
 * unplanned one records the replica's last replayed position and commit time: writes acknowledged
 * after that are gone.
 *
 * @param sourceFinalLsn the old primary's last LSN (planned) or null when it was unreachable
 * @param targetReplayLsn what the promoted database had replayed
 */
public record DataLossEvidence(
    boolean zeroLossProven,
    String sourceFinalLsn,
    String targetReplayLsn,
    Long lastReplayedCommitMillis,
    String summary) {}
