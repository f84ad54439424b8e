package dev.standby.model.failback;

import java.util.Map;

/**
 * One step of a failback's traffic shift (or of stepping back down) as it was measured: the weights
 * set, when they were set and when the bake ended, and the sum of every front-door sample taken
 * during it.
 *
 * <p>The bake starts when the weights are set ({@code weightsSetAtMillis}) and is planned to end at
 * {@code bakeEndsAtMillis}, both in workflow time, so a client can show how far it has come; a
 * pause holds it open past that. Null where nothing bakes (the weights found at the start, set back
 * at the end of a rollback).
 *
 * @param phase {@code shift}, {@code step-down} (after a failed gate) or {@code abort}
 * @param gate {@code passed}, {@code failed: <why>} or {@code not gated} (stepping down is not
 *     gated)
 */
public record StepMeasurement(
    int targetPercent,
    String phase,
    Map<String, Integer> weights,
    long weightsSetAtMillis,
    Long bakeEndsAtMillis,
    Long endedAtMillis,
    int samples,
    int requests,
    Map<String, Integer> servedBySite,
    Map<String, Integer> errorsBySite,
    long worstTargetP95Millis,
    String gate) {

  /** Percent of the sampled requests the site answered, to one decimal. */
  public double sharePercent(String site) {
    int answered = servedBySite.getOrDefault(site, 0) + errorsBySite.getOrDefault(site, 0);
    return requests == 0 ? 0 : Math.round(1000.0 * answered / requests) / 10.0;
  }
}
