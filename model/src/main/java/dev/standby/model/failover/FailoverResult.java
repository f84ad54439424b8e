package dev.standby.model.failover;

import dev.standby.model.StepRecord;
import dev.standby.model.traffic.ServingReport;
import java.util.List;
import java.util.Map;

/**
 * @param rtoMillis from the incident start (or the workflow start) to the first request the target
 *     served through the front door
 */
public record FailoverResult(
    String service,
    String sourceSite,
    String targetSite,
    FailoverMode mode,
    long startedAtMillis,
    long completedAtMillis,
    Long incidentStartedAtMillis,
    long rtoMillis,
    DataLossEvidence dataLoss,
    ServingReport verification,
    Map<String, Integer> weights,
    List<StepRecord> steps,
    TargetChoice targetChoice,
    List<String> repointed) {

  /**
   * @param targetChoice how the target was chosen, with every candidate; null in runs recorded
   *     before elections
   * @param repointed what became of each other replica: streaming from the new primary, or why not
   */
  public FailoverResult {
    repointed = repointed == null ? List.of() : List.copyOf(repointed);
  }

  public FailoverResult(
      String service,
      String sourceSite,
      String targetSite,
      FailoverMode mode,
      long startedAtMillis,
      long completedAtMillis,
      Long incidentStartedAtMillis,
      long rtoMillis,
      DataLossEvidence dataLoss,
      ServingReport verification,
      Map<String, Integer> weights,
      List<StepRecord> steps) {
    this(
        service,
        sourceSite,
        targetSite,
        mode,
        startedAtMillis,
        completedAtMillis,
        incidentStartedAtMillis,
        rtoMillis,
        dataLoss,
        verification,
        weights,
        steps,
        null,
        List.of());
  }

  /**
   * The window of writes the failover lost: 0 when a planned one proved none lost, from the
   * replica's last replayed commit to the incident for an unplanned one, null when unknown.
   */
  public Long lossWindowMillis() {
    Long replayed = dataLoss.lastReplayedCommitMillis();
    if (dataLoss.zeroLossProven()) {
      return 0L;
    }
    if (replayed == null || incidentStartedAtMillis == null) {
      return null;
    }
    return Math.max(0, incidentStartedAtMillis - replayed);
  }
}
