package dev.standby.model.failover;

import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.health.HealthReport;
import java.util.Collection;
import java.util.Map;

/**
 * What the health monitor read of a service's standbys while it counted failed probes of {@code
 * source}: each standby's liveness and database, and the router's weights. The failover that
 * follows elects and checks its target from these instead of asking again on the incident's clock.
 *
 * @param takenAtMillis when the reads were asked (workflow time), so their age is never understated
 */
public record StandbyReadings(
    String source,
    long takenAtMillis,
    Map<String, HealthReport> liveness,
    Map<String, ReplicationStatus> databases,
    Map<String, Integer> weights) {

  /**
   * Older readings are asked again. The monitor refreshes them at every failed probe (1 s apart by
   * default), so a failover it starts finds them well within this.
   */
  public static final long FRESH_FOR_MILLIS = 5_000;

  public StandbyReadings {
    liveness = liveness == null ? Map.of() : Map.copyOf(liveness);
    databases = databases == null ? Map.of() : Map.copyOf(databases);
    weights = weights == null ? Map.of() : Map.copyOf(weights);
  }

  /**
   * Whether a failover of {@code source} to one of {@code standbys} may act on these at {@code
   * nowMillis}: the same source, every standby read, and recent enough.
   */
  public boolean usableFor(String source, Collection<String> standbys, long nowMillis) {
    return this.source.equals(source)
        && liveness.keySet().containsAll(standbys)
        && databases.keySet().containsAll(standbys)
        && !weights.isEmpty()
        && nowMillis - takenAtMillis <= FRESH_FOR_MILLIS;
  }

  public long ageMillis(long nowMillis) {
    return nowMillis - takenAtMillis;
  }
}
