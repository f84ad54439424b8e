package dev.standby.model.traffic;

import java.util.Map;

/**
 * Real requests sent through a service's front door: which site answered each, how many failed at
 * each site and how long each site took. A failed request that no site answered counts under {@link
 * #NO_SITE}.
 *
 * @param latencyP95Millis by site, the 95th percentile of the time to a complete answer
 */
public record TrafficSample(
    int requests,
    Map<String, Integer> servedBySite,
    Map<String, Integer> errorsBySite,
    Map<String, Long> latencyP95Millis,
    long sampledAtMillis) {

  public static final String NO_SITE = "(no site)";

  /** Requests the site answered, successfully or not. */
  public int answeredBy(String site) {
    return servedBySite.getOrDefault(site, 0) + errorsBySite.getOrDefault(site, 0);
  }

  public int errors() {
    return errorsBySite.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Failed share of the requests routed to {@code site}; 0 when none went there. */
  public double errorRate(String site) {
    int answered = answeredBy(site);
    return answered == 0 ? 0 : (double) errorsBySite.getOrDefault(site, 0) / answered;
  }
}
