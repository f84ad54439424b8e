package dev.standby.model.practice;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes through the front door for a while: how many were acknowledged, by which site, how many
 * failed, and their latencies as a histogram in tenths of a millisecond (small enough for a
 * workflow's history, exact enough for a p95).
 *
 * @param latencyTenths acknowledged writes per latency, in units of 0.1 ms
 */
public record FrontDoorSample(
    long startedAtMillis,
    long endedAtMillis,
    long acknowledged,
    long errors,
    Map<String, Long> acknowledgedBySite,
    Map<Integer, Long> latencyTenths) {

  /** The 95th percentile latency of the acknowledged writes, or null with none. */
  public Double p95Millis() {
    Integer tenths = percentile(latencyTenths, 0.95);
    return tenths == null ? null : tenths / 10.0;
  }

  static Integer percentile(Map<Integer, Long> histogram, double q) {
    long total = histogram.values().stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : new TreeMap<>(histogram).entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Several consecutive samples as one. */
  public static FrontDoorSample merge(List<FrontDoorSample> samples) {
    if (samples.isEmpty()) {
      return null;
    }
    Map<String, Long> bySite = new TreeMap<>();
    Map<Integer, Long> latencies = new TreeMap<>();
    long acknowledged = 0;
    long errors = 0;
    for (FrontDoorSample s : samples) {
      acknowledged += s.acknowledged();
      errors += s.errors();
      s.acknowledgedBySite().forEach((k, v) -> bySite.merge(k, v, Long::sum));
      s.latencyTenths().forEach((k, v) -> latencies.merge(k, v, Long::sum));
    }
    return new FrontDoorSample(
        samples.get(0).startedAtMillis(),
        samples.get(samples.size() - 1).endedAtMillis(),
        acknowledged,
        errors,
        bySite,
        latencies);
  }
}
