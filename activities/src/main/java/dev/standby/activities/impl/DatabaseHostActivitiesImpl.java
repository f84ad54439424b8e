package dev.standby.activities.impl;

import dev.standby.activities.CurrentActivity;
import dev.standby.activities.DatabaseHostActivities;
import dev.standby.adapters.DatabaseAdapter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.FenceResult;
import dev.standby.model.database.IsolationResult;
import dev.standby.model.database.ResyncResult;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.time.Duration;
import java.util.Map;

/**
 * The database activities that need its host, run by the worker of the site they act on: finds the
 * site's database in the topology and hands it to the adapter of its provider.
 */
public class DatabaseHostActivitiesImpl implements DatabaseHostActivities {
  private final Topology topology;
  private final Map<String, DatabaseAdapter> adapters;

  /**
   * @param adapters by provider name as written in the topology ({@code postgresql})
   */
  public DatabaseHostActivitiesImpl(Topology topology, Map<String, DatabaseAdapter> adapters) {
    this.topology = topology;
    this.adapters = Map.copyOf(adapters);
  }

  @Override
  public IsolationResult isolate(String service, String site, String newPrimarySite) {
    OwnHost.require(site, "isolating the database");
    ServiceTopology s = Lookup.service(topology, service);
    ServiceTopology.Database newPrimary = Lookup.site(s, newPrimarySite).database();
    if (newPrimarySite.equals(site)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "cannot isolate " + site + " in favour of itself: newPrimarySite must be another site");
    }
    ServiceTopology.Database db = database(service, site);
    return adapter(db).isolate(site, db, newPrimarySite, newPrimary);
  }

  @Override
  public FenceResult fence(String service, String site) {
    OwnHost.require(site, "fencing the database");
    ServiceTopology.Database db = database(service, site);
    return adapter(db).fence(site, db);
  }

  @Override
  public void unfence(String service, String site) {
    OwnHost.require(site, "unfencing the database");
    ServiceTopology.Database db = database(service, site);
    adapter(db).unfence(site, db);
  }

  @Override
  public ResyncResult resyncAsReplica(String service, String site, String primarySite) {
    OwnHost.require(site, "resyncing the database");
    ServiceTopology.Database primary =
        Lookup.site(Lookup.service(topology, service), primarySite).database();
    if (primarySite.equals(site)) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "cannot resync " + site + " as a replica of itself");
    }
    Duration left =
        CurrentActivity.timeLeft(DatabaseActivitiesImpl.AWAIT_REPLAY_FALLBACK).minusSeconds(1);
    ServiceTopology.Database db = database(service, site);
    return adapter(db)
        .resyncAsReplica(site, db, primarySite, primary, left.isNegative() ? Duration.ZERO : left);
  }

  private ServiceTopology.Database database(String service, String site) {
    return Lookup.site(Lookup.service(topology, service), site).database();
  }

  private DatabaseAdapter adapter(ServiceTopology.Database db) {
    return Lookup.provider(adapters, db.provider(), "database");
  }
}
