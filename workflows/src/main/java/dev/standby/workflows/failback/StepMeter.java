package dev.standby.workflows.failback;

import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.traffic.TrafficSample;
import java.util.Map;
import java.util.TreeMap;

/** Adds up the front-door samples of one step into its {@link StepMeasurement}. */
final class StepMeter {
  private final int targetPercent;
  private final String phase;
  private final Map<String, Integer> weights;
  private final long setAt;
  private final long bakeEndsAt;
  private final String target;
  private final Map<String, Integer> served = new TreeMap<>();
  private final Map<String, Integer> errors = new TreeMap<>();
  private int samples;
  private int requests;
  private long worstP95;

  /**
   * @param setAt when the weights were set, which is when the bake starts
   * @param bakeEndsAt when the bake is planned to end (a pause holds it open past that)
   */
  StepMeter(
      int targetPercent,
      String phase,
      Map<String, Integer> weights,
      long setAt,
      long bakeEndsAt,
      String target) {
    this.targetPercent = targetPercent;
    this.phase = phase;
    this.weights = weights;
    this.setAt = setAt;
    this.bakeEndsAt = bakeEndsAt;
    this.target = target;
  }

  long bakeEndsAt() {
    return bakeEndsAt;
  }

  void add(TrafficSample sample) {
    samples++;
    requests += sample.requests();
    sample.servedBySite().forEach((site, n) -> served.merge(site, n, Integer::sum));
    sample.errorsBySite().forEach((site, n) -> errors.merge(site, n, Integer::sum));
    worstP95 = Math.max(worstP95, sample.latencyP95Millis().getOrDefault(target, 0L));
  }

  StepMeasurement measurement(Long endedAt, String gate) {
    return new StepMeasurement(
        targetPercent,
        phase,
        weights,
        setAt,
        bakeEndsAt,
        endedAt,
        samples,
        requests,
        Map.copyOf(served),
        Map.copyOf(errors),
        worstP95,
        gate);
  }

  String summary() {
    StepMeasurement m = measurement(null, null);
    StringBuilder out = new StringBuilder("weights " + weights + "; measured");
    weights
        .keySet()
        .forEach(
            site ->
                out.append(" ").append(site).append(" ").append(m.sharePercent(site)).append("%"));
    return out.append(" of ")
        .append(requests)
        .append(" requests, errors ")
        .append(errors)
        .toString();
  }
}
