package dev.standby.model.practice;

/**
 * A service's practice-failover settings from the topology ({@code drill.practice}).
 *
 * @param configured the topology says how to clone and where the isolated app runs; without it a
 *     practice drill fails at once, having touched nothing
 * @param writers concurrent writers through the front door while the practice runs
 * @param baselineMillis how long the front door is measured before anything is cloned: the p95 the
 *     practice is held against
 * @param sliceMillis the front door is measured in slices of this length while the practice runs
 * @param requests real requests the isolated app must serve
 */
public record PracticeSpec(
    boolean configured, int writers, long baselineMillis, long sliceMillis, int requests) {

  /** How much slower the front door's p95 may get during a practice: 20%. */
  public static final double P95_TOLERANCE = 1.2;

  /**
   * A p95 this much slower than the baseline's is never "noticed", whatever the ratio: on a small
   * shared machine a 60 ms p95 swings by tens of ms with the load alone.
   */
  public static final double P95_NOISE_FLOOR_MILLIS = 30;
}
