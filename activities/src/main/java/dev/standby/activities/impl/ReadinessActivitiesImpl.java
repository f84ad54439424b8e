package dev.standby.activities.impl;

import dev.standby.activities.ReadinessActivities;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.health.HealthReport;
import dev.standby.model.readiness.ReadinessFacts;
import dev.standby.model.readiness.ReadinessFacts.Probe;
import dev.standby.model.readiness.ReadinessFacts.StoreProbe;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads what readiness judges through the capabilities' own implementations, so every call is the
 * one a failover would make, with the worker's credentials: the apps' liveness, every database, the
 * router's weights, every backup target's listing, Slack's auth.test. Only reads.
 */
public class ReadinessActivitiesImpl implements ReadinessActivities {
  private final Topology topology;
  private final HealthActivitiesImpl health;
  private final DatabaseActivitiesImpl database;
  private final TrafficActivitiesImpl traffic;
  private final BackupActivitiesImpl backups;
  private final Supplier<Probe> slack;

  /**
   * @param slack Slack's auth.test, or null when the worker has no Slack
   */
  public ReadinessActivitiesImpl(
      Topology topology,
      HealthActivitiesImpl health,
      DatabaseActivitiesImpl database,
      TrafficActivitiesImpl traffic,
      BackupActivitiesImpl backups,
      Supplier<Probe> slack) {
    this.topology = topology;
    this.health = health;
    this.database = database;
    this.traffic = traffic;
    this.backups = backups;
    this.slack = slack;
  }

  @Override
  public ReadinessFacts gather(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    List<HealthReport> liveness = new ArrayList<>();
    s.sites().keySet().forEach(site -> liveness.add(health.liveness(service, site)));
    List<Probe> routers = new ArrayList<>();
    try {
      routers.add(
          new Probe(
              "router " + s.traffic().provider(), true, "weights " + traffic.weights(service)));
    } catch (RuntimeException e) {
      routers.add(new Probe("router " + s.traffic().provider(), false, e.getMessage()));
    }
    List<StoreProbe> stores = stores(s);
    int approvers =
        s.notifications() == null || s.notifications().levels() == null
            ? 0
            : s.notifications().levels().stream().mapToInt(l -> l.approvers().size()).sum();
    long detection =
        s.monitor().interval().toMillis() * Math.max(1, s.monitor().failureThreshold());
    return new ReadinessFacts(
        System.currentTimeMillis(),
        liveness,
        database.observe(service),
        routers,
        stores,
        s.backup() == null ? null : SchedulePeriod.millis(s.backup().backupSchedule()),
        s.backup() == null ? null : SchedulePeriod.millis(s.backup().restoreSchedule()),
        approvers,
        slack == null ? null : slack.get(),
        detection,
        s.monitor().dnsTtl() == null ? null : s.monitor().dnsTtl().toMillis());
  }

  /** Each backup target: did its listing answer, and its newest backup. */
  private List<StoreProbe> stores(ServiceTopology s) {
    if (s.backup() == null) {
      return List.of();
    }
    Map<String, String> unreachable = new LinkedHashMap<>();
    List<BackupManifest> all;
    try {
      all = backups.listBackups(s.name(), (target, e) -> unreachable.put(target, e.getMessage()));
    } catch (RuntimeException e) {
      all = List.of();
      s.backup().targets().keySet().forEach(t -> unreachable.putIfAbsent(t, e.getMessage()));
    }
    List<StoreProbe> out = new ArrayList<>();
    for (String target : s.backup().targets().keySet()) {
      if (unreachable.containsKey(target)) {
        out.add(new StoreProbe(target, false, unreachable.get(target), null, null));
        continue;
      }
      BackupManifest newest = null;
      for (BackupManifest m : all) {
        boolean here = m.copies().stream().map(BackupCopy::target).anyMatch(target::equals);
        if (here && (newest == null || m.createdAtMillis() > newest.createdAtMillis())) {
          newest = m;
        }
      }
      out.add(
          new StoreProbe(
              target,
              true,
              "listed",
              newest == null ? null : newest.backupId(),
              newest == null ? null : newest.createdAtMillis()));
    }
    return out;
  }
}
