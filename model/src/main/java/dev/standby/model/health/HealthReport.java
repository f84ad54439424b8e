package dev.standby.model.health;

import java.util.Map;

/**
 * One HTTP health probe of a service at a site.
 *
 * @param reachable the app answered at all (any HTTP status)
 * @param status the {@code status} field of the JSON body ({@code ok}, {@code degraded}, ...), or
 *     null
 * @param components the JSON body's components, e.g. {@code database -> healthy}
 */
public record HealthReport(
    String site,
    boolean reachable,
    int httpStatus,
    String status,
    Map<String, String> components,
    long latencyMillis,
    long latencyBudgetMillis,
    long probedAtMillis,
    String error) {

  /**
   * Serving normally: answered 200 with status ok, every component healthy, within its latency
   * budget.
   */
  public boolean healthy() {
    return reachable
        && httpStatus == 200
        && "ok".equals(status)
        && components.values().stream().allMatch("healthy"::equals)
        && latencyMillis <= latencyBudgetMillis;
  }

  /**
   * Alive, as a liveness probe ({@code HealthActivities.liveness}) reads it: the app answered 200.
   * Body and latency do not count: a live standby may still report its dependencies degraded.
   */
  public boolean alive() {
    return reachable && httpStatus == 200;
  }

  /**
   * Whether a failover target's app can serve once its database is promoted, judged on what {@code
   * HealthActivities.liveness} answered: a liveness endpoint (no components in its body) must
   * answer 200; a full health check, the fallback without a liveness path, must be {@link
   * #readyToTakeOver}.
   */
  public boolean canTakeOver() {
    return components.isEmpty() ? alive() : readyToTakeOver();
  }

  /**
   * Able to take over: the app answers and its database is reachable (a replica reports {@code
   * read-only}), every other component healthy.
   */
  public boolean readyToTakeOver() {
    if (!reachable) {
      return false;
    }
    return components.entrySet().stream()
        .allMatch(
            e ->
                "healthy".equals(e.getValue())
                    || ("database".equals(e.getKey()) && "read-only".equals(e.getValue())));
  }

  public String summary() {
    if (!reachable) {
      return "unreachable: " + error;
    }
    return "HTTP "
        + httpStatus
        + " status="
        + status
        + " "
        + components
        + " in "
        + latencyMillis
        + " ms";
  }
}
