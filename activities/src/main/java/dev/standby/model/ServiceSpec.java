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
    NotifyPolicy notifications) {

  /** A spec recorded before the topology had a {@code notify} block reads with the defaults. */
  public ServiceSpec {
    notifications = notifications == null ? NotifyPolicy.DEFAULTS : notifications;
  }

  public ServiceSpec(String name, List<String> sites, String primarySite, long rtoMillis, long rpoMillis,
      long monitorIntervalMillis, int monitorFailureThreshold, int verifyRequests, FailbackPolicy failback) {
    this(name, sites, primarySite, rtoMillis, rpoMillis, monitorIntervalMillis, monitorFailureThreshold, verifyRequests,
        failback, NotifyPolicy.DEFAULTS);
  }

  public ServiceSpec(String name, List<String> sites, String primarySite, long rtoMillis, long rpoMillis,
      long monitorIntervalMillis, int monitorFailureThreshold, int verifyRequests) {
    this(name, sites, primarySite, rtoMillis, rpoMillis, monitorIntervalMillis, monitorFailureThreshold, verifyRequests,
        FailbackPolicy.DEFAULTS);
  }

  /** The site a failover away from {@code site} goes to, when the service has exactly two. */
  public String otherSite(String site) {
    return sites.stream().filter(s -> !s.equals(site)).findFirst().orElse(null);
  }
}
