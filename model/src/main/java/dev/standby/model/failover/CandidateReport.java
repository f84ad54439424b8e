package dev.standby.model.failover;

/**
 * One site a failover could have gone to, as the election saw it.
 *
 * @param eligible healthy, a replica, not backup-only, priority above 0 (or named by the request)
 * @param replayLsn how far its database had replayed when read; null when it did not answer
 * @param rank 1 for the winner, then in the election's order; 0 when not eligible
 * @param note why it ranks where it does, or why it could not take over
 */
public record CandidateReport(
    String site,
    int priority,
    boolean eligible,
    String replayLsn,
    Long lagMillis,
    Long latencyMillis,
    int rank,
    String note) {

  public String describe() {
    return site
        + (rank > 0 ? " #" + rank : " (not eligible)")
        + (replayLsn == null ? "" : " at " + replayLsn)
        + ", priority "
        + priority
        + (latencyMillis == null ? "" : ", " + latencyMillis + " ms")
        + (note == null ? "" : ": " + note);
  }
}
