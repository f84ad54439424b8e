package dev.standby.model.region;

/** How a region plan ended. */
public enum RegionOutcome {
  /** Every service it moved is served by its target. */
  SUCCEEDED,
  /** Some services moved and some did not; the plan went on ({@code continue}). */
  PARTIAL,
  /** The plan stopped early ({@code stop}, {@code stop-after-group}) after a service failed. */
  STOPPED,
  /** A person rejected the next group: the groups before it moved, the rest did not. */
  REJECTED,
  /** Nothing moved: no service of the site failed over. */
  FAILED,
  /** No service had its primary at the site. */
  NOTHING_TO_MOVE
}
