package dev.standby.topology;

import java.time.Duration;
import java.util.Map;

/** How one service runs: its sites, how to probe it, its database per site, its traffic router, its objectives. */
public record ServiceTopology(
    String name,
    String primarySite,
    Duration rto,
    Duration rpo,
    HealthCheck health,
    Monitor monitor,
    Verify verify,
    Traffic traffic,
    Map<String, SiteEndpoints> sites) {

  public record HealthCheck(String path, Duration timeout, Duration latencyBudget) {}

  public record Monitor(Duration interval, int failureThreshold) {}

  /** Real requests through the front door; {@code siteHeader} names the response header that says which site answered. */
  public record Verify(String path, int requests, String siteHeader, Duration timeout) {}

  /**
   * @param admin the router's admin endpoint (HAProxy: host:port of its runtime API)
   * @param group the router's group of targets (HAProxy: the backend)
   */
  public record Traffic(String provider, String admin, String group, String frontDoor) {}

  /** @param trafficTarget this site's name in the router (HAProxy: the server in the backend) */
  public record SiteEndpoints(String app, Database database, String trafficTarget) {}

  /** @param passwordEnv the environment variable holding the password: secrets stay out of files and histories */
  public record Database(String provider, String url, String user, String passwordEnv) {}

  public SiteEndpoints site(String site) {
    SiteEndpoints endpoints = sites.get(site);
    if (endpoints == null) {
      throw new IllegalArgumentException(
          "service '" + name + "' has no site '" + site + "' (known: " + String.join(", ", sites.keySet()) + ")");
    }
    return endpoints;
  }
}
