package dev.standby.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    List<String> computeSites,
    Map<String, Integer> priorities,
    List<String> backupOnlySites) {

  /** A site's priority when the topology gives none. */
  public static final int DEFAULT_PRIORITY = 50;

  /**
   * @param notifications how the service's runs notify and ask for approval; null means the
   *     defaults
   * @param computeSites the sites with a compute group, scaled up when they take over and down when
   *     left
   * @param priorities each site's failover priority, 0 to 100 (missing: {@link #DEFAULT_PRIORITY})
   * @param backupOnlySites sites that hold copies only: never a failover target, never traffic
   */
  public ServiceSpec {
    notifications = notifications == null ? NotifyPolicy.DEFAULTS : notifications;
    computeSites = computeSites == null ? List.of() : computeSites;
    priorities = priorities == null ? Map.of() : new LinkedHashMap<>(priorities);
    backupOnlySites = backupOnlySites == null ? List.of() : List.copyOf(backupOnlySites);
  }

  /** Every site a standby, the same priority, none backup-only. */
  public ServiceSpec(
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
    this(
        name,
        sites,
        primarySite,
        rtoMillis,
        rpoMillis,
        monitorIntervalMillis,
        monitorFailureThreshold,
        verifyRequests,
        failback,
        notifications,
        computeSites,
        Map.of(),
        List.of());
  }

  public int priority(String site) {
    return priorities.getOrDefault(site, DEFAULT_PRIORITY);
  }

  public boolean backupOnly(String site) {
    return backupOnlySites.contains(site);
  }

  /** The sites that take traffic, in the topology's order: every site but the backup-only ones. */
  public List<String> trafficSites() {
    return sites.stream().filter(s -> !backupOnly(s)).toList();
  }

  /**
   * The sites a failover away from {@code primary} may go to: every site that takes traffic but the
   * primary, highest priority first (the topology's order among equals). Whether each can take over
   * now (healthy, a replica, how far it has replayed) is the failover's election to judge.
   */
  public List<String> candidates(String primary) {
    List<String> candidates = new ArrayList<>(trafficSites());
    candidates.remove(primary);
    candidates.sort(Comparator.comparingInt(this::priority).reversed());
    return candidates;
  }
}
