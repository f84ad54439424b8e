package dev.standby.model;

import java.util.List;

/**
 * What a workflow needs to know of a service from the worker's topology. Endpoints and credentials
 * stay in the worker: they never enter a workflow history.
 */
public record ServiceSpec(
    String name,
    List<String> sites,
    String primarySite,
    long rtoMillis,
    long rpoMillis,
    long monitorIntervalMillis,
    int monitorFailureThreshold,
    int verifyRequests,
    FailbackPolicy failback,
    NotifyPolicy notifications,
    List<String> computeSites) {

  /**
   * @param notifications how the service's runs notify and ask for approval; null means the
   *     defaults
   * @param computeSites the sites with a compute group, scaled up when they take over and down when
   *     left
   */
  public ServiceSpec {
    notifications = notifications == null ? NotifyPolicy.DEFAULTS : notifications;
    computeSites = computeSites == null ? List.of() : computeSites;
  }

  /** The site a failover away from {@code site} goes to, when the service has exactly two. */
  public String otherSite(String site) {
    return sites.stream().filter(s -> !s.equals(site)).findFirst().orElse(null);
  }
}
