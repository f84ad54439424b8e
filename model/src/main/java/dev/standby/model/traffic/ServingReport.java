package dev.standby.model.traffic;

import java.util.Map;

/**
 * Real requests sent through the service's front door and which site answered each.
 *
 * @param firstServedByExpectedAtMillis when the first request answered by the expected site
 *     completed
 */
public record ServingReport(
    String expectedSite,
    int requests,
    Map<String, Integer> servedBySite,
    int errors,
    Long firstServedByExpectedAtMillis) {

  public int servedBy(String site) {
    return servedBySite.getOrDefault(site, 0);
  }

  public boolean allServedByExpected() {
    return requests > 0 && errors == 0 && servedBy(expectedSite) == requests;
  }
}
