package dev.standby.workflows.failback;

import dev.standby.model.health.HealthReport;
import dev.standby.model.traffic.TrafficSample;
import java.util.Locale;

/**
 * Whether the returning site may keep its share: its own health probe is healthy, and of the
 * sampled requests the front door sent it, few enough failed and they were fast enough. Requests
 * nobody answered count against it too: a front door that fails is no place to add traffic.
 */
final class HealthGate {
  private final String target;
  private final double maxErrorRate;
  private final long maxLatencyMillis;

  HealthGate(FailbackPlan plan) {
    this.target = plan.target();
    this.maxErrorRate = plan.maxErrorRate();
    this.maxLatencyMillis = plan.maxLatencyMillis();
  }

  /** Null when the gate passes, else why it failed. */
  String check(TrafficSample sample, HealthReport probe) {
    if (!probe.healthy()) {
      return target + " is not healthy: " + probe.summary();
    }
    int answered = sample.answeredBy(target);
    int failed = sample.errorsBySite().getOrDefault(target, 0);
    if (answered > 0 && sample.errorRate(target) > maxErrorRate) {
      return target
          + ": "
          + failed
          + " of "
          + answered
          + " sampled requests failed ("
          + percent(sample.errorRate(target))
          + " > "
          + percent(maxErrorRate)
          + ")";
    }
    int unanswered = sample.errorsBySite().getOrDefault(TrafficSample.NO_SITE, 0);
    if (sample.requests() > 0 && (double) unanswered / sample.requests() > maxErrorRate) {
      return unanswered
          + " of "
          + sample.requests()
          + " requests through the front door got no answer";
    }
    Long p95 = sample.latencyP95Millis().get(target);
    if (answered > 0 && p95 != null && p95 > maxLatencyMillis) {
      return target + ": 95th percentile latency " + p95 + " ms > " + maxLatencyMillis + " ms";
    }
    return null;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }
}
