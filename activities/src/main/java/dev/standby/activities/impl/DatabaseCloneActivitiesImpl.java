package dev.standby.activities.impl;

import dev.standby.activities.DatabaseCloneActivities;
import dev.standby.adapters.DatabaseCloner;
import dev.standby.adapters.DatabaseCloner.CloneRequest;
import dev.standby.model.practice.CloneRecord;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.List;
import java.util.Map;

/** Practice clones, made by the cloner of the standby database's provider. */
public class DatabaseCloneActivitiesImpl implements DatabaseCloneActivities {
  private final Topology topology;
  private final Map<String, DatabaseCloner> cloners;

  /**
   * @param cloners by database provider, as the topology names them
   */
  public DatabaseCloneActivitiesImpl(Topology topology, Map<String, DatabaseCloner> cloners) {
    this.topology = topology;
    this.cloners = Map.copyOf(cloners);
  }

  @Override
  public CloneRecord create(String service, String site, String primarySite, String key) {
    CloneRequest r = request(service, site, primarySite, key);
    return cloner(r).create(r);
  }

  @Override
  public List<String> remove(String service, String site, String key) {
    CloneRequest r = request(service, site, null, key);
    return cloner(r).remove(r);
  }

  private CloneRequest request(String service, String site, String primarySite, String key) {
    ServiceTopology s = Lookup.service(topology, service);
    ServiceTopology.Database standby = Lookup.site(s, site).database();
    ServiceTopology.Database primary =
        primarySite == null ? null : Lookup.site(s, primarySite).database();
    return new CloneRequest(service, site, key, standby, primary, s.drill().practice());
  }

  private DatabaseCloner cloner(CloneRequest r) {
    return Lookup.provider(cloners, r.standby().provider(), "database clone");
  }
}
