package dev.standby.model.drill;

import dev.standby.model.health.HttpCheck;
import java.util.List;

/**
 * A service's drill settings from the topology ({@code drill} block). Endpoints stay in the worker.
 *
 * @param measuresWrites the topology describes a write load (its path and where its sequence
 *     numbers live)
 * @param writers concurrent writers of the write load
 * @param baselineMillis how long the load runs before the fault or the failover
 * @param settleMillis how long the target must serve before the load ends
 * @param maxLoadMillis the longest a drill's write load runs
 */
public record DrillSpec(
    boolean measuresWrites,
    int writers,
    long baselineMillis,
    long settleMillis,
    long maxLoadMillis,
    List<HttpCheck> checks,
    List<String> tables,
    StopConditions stop,
    List<BlackoutWindow> blackouts) {

  /** The blackout window covering {@code millis}, or null. */
  public BlackoutWindow blackoutAt(long millis) {
    return blackouts.stream().filter(b -> b.covers(millis)).findFirst().orElse(null);
  }
}
