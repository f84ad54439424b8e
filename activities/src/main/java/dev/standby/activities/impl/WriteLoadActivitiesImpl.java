package dev.standby.activities.impl;

import dev.standby.activities.WriteLoadActivities;
import dev.standby.adapters.DatabaseAdapter;
import dev.standby.load.FrontDoorLatencyLoad;
import dev.standby.load.FrontDoorWriteLoad;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.practice.FrontDoorSample;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service's write load from its {@code drill.writeLoad} block; lost writes are looked up on the
 * target's database.
 */
public class WriteLoadActivitiesImpl implements WriteLoadActivities {
  private final Topology topology;
  private final Map<String, DatabaseAdapter> databases;
  private final Path journals;
  private final FrontDoorWriteLoad load = new FrontDoorWriteLoad();
  private final FrontDoorLatencyLoad latencyLoad = new FrontDoorLatencyLoad();

  /**
   * @param databases the database adapters by provider, as the database capability has them
   * @param journals the folder the acknowledgement journals go to, one file per drill run
   */
  public WriteLoadActivitiesImpl(
      Topology topology, Map<String, DatabaseAdapter> databases, Path journals) {
    this.topology = topology;
    this.databases = Map.copyOf(databases);
    this.journals = journals;
  }

  @Override
  public WriteLoadReport run(WriteLoadPlan plan) {
    ServiceTopology s = Lookup.service(topology, plan.service());
    Lookup.site(s, plan.targetSite());
    ServiceTopology.WriteLoad w = s.drill().writeLoad();
    if (w == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "service '"
              + plan.service()
              + "' has no drill.writeLoad in the topology: nothing to write with, so no RPO to measure");
    }
    if (plan.writers() < 1) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "a write load needs at least one writer, got " + plan.writers());
    }
    Path journal =
        plan.journal() == null
            ? null
            : journals.resolve(DrillResult.fileName(plan.journal())).resolve("acks.csv");
    return load.run(
        plan,
        URI.create(s.traffic().frontDoor() + w.path()),
        w.body(),
        w.sequenceField(),
        s.verify().siteHeader(),
        journal,
        keys -> missingKeys(s, plan.targetSite(), w, keys));
  }

  @Override
  public FrontDoorSample sample(String service, int writers, long millis) {
    ServiceTopology s = Lookup.service(topology, service);
    ServiceTopology.WriteLoad w = s.drill().writeLoad();
    if (w == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "service '"
              + service
              + "' has no drill.writeLoad in the topology: nothing to write with");
    }
    if (writers < 1 || millis < 1) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "a front-door sample needs writers and a duration, got " + writers + " for " + millis);
    }
    return latencyLoad.run(
        URI.create(s.traffic().frontDoor() + w.path()),
        w.body(),
        s.verify().siteHeader(),
        writers,
        millis);
  }

  private List<Long> missingKeys(
      ServiceTopology s, String site, ServiceTopology.WriteLoad w, List<Long> keys) {
    ServiceTopology.Database db = Lookup.site(s, site).database();
    return Lookup.provider(databases, db.provider(), "database")
        .missingKeys(site, db, w.table(), w.column(), keys);
  }
}
