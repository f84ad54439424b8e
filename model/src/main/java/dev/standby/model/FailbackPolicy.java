package dev.standby.model;

import java.util.List;

/**
 * A service's failback settings from the topology: the steps (percent of traffic to the returning
 * site), the bake per step, how the front door is sampled during a bake and the gate's thresholds.
 *
 * @param maxErrorRate the highest share of the returning site's sampled requests that may fail
 *     (0.01 is 1%)
 * @param maxLatencyMillis the highest 95th-percentile latency of its sampled requests
 * @param switchDatabaseAt the step after whose bake the database switches over (100: once all
 *     traffic is home)
 */
public record FailbackPolicy(
    List<Integer> steps,
    long bakeMillis,
    long sampleEveryMillis,
    int sampleRequests,
    double maxErrorRate,
    long maxLatencyMillis,
    GateFailureAction onGateFailure,
    int switchDatabaseAt) {

  public static final FailbackPolicy DEFAULTS =
      new FailbackPolicy(
          List.of(10, 25, 50, 75, 100),
          300_000,
          10_000,
          50,
          0.01,
          500,
          GateFailureAction.ROLLBACK,
          100);
}
