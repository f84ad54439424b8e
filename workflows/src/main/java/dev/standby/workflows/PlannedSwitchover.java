package dev.standby.workflows;

import dev.standby.activities.DatabaseActivities;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.failover.DataLossEvidence;
import io.temporal.workflow.Workflow;

/**
 * Moves the one writable primary from one site to another without losing an acknowledged write:
 * fence the primary, wait until the other site has replayed its last LSN, promote. If the wait or
 * the promotion fails the old primary is unfenced, so the service runs where it was. Used by the
 * planned failover and by the failback.
 */
public final class PlannedSwitchover {
  /**
   * What the run calls the three steps in its timeline, and the compensation that gives the writes
   * back.
   */
  public record StepNames(String fence, String promote, String unfence) {}

  /** The evidence that nothing was lost, and the promotion it ended with. */
  public record Switched(DataLossEvidence evidence, PromotionResult promotion) {}

  private final String service;
  private final DatabaseActivities database;
  private final StepTimeline timeline;

  public PlannedSwitchover(String service, DatabaseActivities database, StepTimeline timeline) {
    this.service = service;
    this.database = database;
    this.timeline = timeline;
  }

  public Switched run(String from, String to, StepNames names) {
    FenceResult fence =
        timeline.run(
            names.fence(),
            () -> SiteHosts.database(from).fence(service, from),
            f -> from + " stopped taking writes at LSN " + f.finalLsn());
    ReplicationStatus caughtUp;
    PromotionResult promotion;
    try {
      caughtUp =
          timeline.run(
              "await-replay",
              () -> database.awaitReplay(service, to, fence.finalLsn()),
              s -> "replayed " + s.replayLsn());
      promotion =
          timeline.run(
              names.promote(), () -> database.promote(service, to), PlannedSwitchover::describe);
    } catch (RuntimeException e) {
      // Not promoted: the old primary takes writes again, and the apps keep writing to it.
      Workflow.newDetachedCancellationScope(
              () -> {
                SiteHosts.database(from).unfence(service, from);
                timeline.compensated(names.unfence(), from + " accepts writes again");
              })
          .run();
      throw e;
    }
    return new Switched(
        new DataLossEvidence(
            true,
            fence.finalLsn(),
            caughtUp.replayLsn(),
            promotion.lastReplayedCommitMillis(),
            "none: "
                + to
                + " replayed "
                + from
                + "'s last LSN "
                + fence.finalLsn()
                + " before promotion"),
        promotion);
  }

  public static String describe(PromotionResult p) {
    return p.promoted()
        ? "promoted at LSN " + p.replayLsn() + ", timeline " + p.timeline()
        : "already primary";
  }
}
