package dev.standby.model.region;

/** Where one service of a region plan stands. */
public enum RegionServiceStatus {
  /** Its group has not started yet. */
  PENDING,
  /** Its failover runs. */
  RUNNING,
  /** Its target serves it. */
  SUCCEEDED,
  /** Its failover failed or was refused. */
  FAILED,
  /** Its group's timeout passed before it ended; its failover goes on. */
  TIMED_OUT,
  /** The plan stopped before its turn ({@code onServiceFailure}, a rejected approval). */
  NOT_STARTED,
  /** Its primary is not at the plan's site: nothing to move. */
  SKIPPED;

  public boolean ended() {
    return this != PENDING && this != RUNNING;
  }
}
