package dev.standby.activities.impl;

import dev.standby.activities.WriteLoadActivities;
import dev.standby.load.FrontDoorWriteLoad;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.net.URI;
import java.nio.file.Path;

/** The service's write load from its {@code drill.writeLoad} block; lost writes are looked up on the target's database. */
public class WriteLoadActivitiesImpl implements WriteLoadActivities {
  private final Topology topology;
  private final DatabaseActivitiesImpl database;
  private final Path journals;
  private final FrontDoorWriteLoad load = new FrontDoorWriteLoad();

  /** @param journals the folder the acknowledgement journals go to, one file per drill run */
  public WriteLoadActivitiesImpl(Topology topology, DatabaseActivitiesImpl database, Path journals) {
    this.topology = topology;
    this.database = database;
    this.journals = journals;
  }

  @Override
  public WriteLoadReport run(WriteLoadPlan plan) {
    ServiceTopology s = Lookup.service(topology, plan.service());
    Lookup.site(s, plan.targetSite());
    ServiceTopology.WriteLoad w = s.drill().writeLoad();
    if (w == null) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "service '" + plan.service()
          + "' has no drill.writeLoad in the topology: nothing to write with, so no RPO to measure");
    }
    if (plan.writers() < 1) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "a write load needs at least one writer, got " + plan.writers());
    }
    Path journal = plan.journal() == null ? null : journals.resolve(DrillResult.fileName(plan.journal())).resolve("acks.csv");
    return load.run(plan, URI.create(s.traffic().frontDoor() + w.path()), w.body(), w.sequenceField(),
        s.verify().siteHeader(), journal,
        keys -> database.missingKeys(plan.service(), plan.targetSite(), w.table(), w.column(), keys));
  }
}
