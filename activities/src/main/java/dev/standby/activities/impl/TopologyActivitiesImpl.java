package dev.standby.activities.impl;

import dev.standby.activities.TopologyActivities;
import dev.standby.model.DrillSpec;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.GateFailureAction;
import dev.standby.model.ServiceSpec;
import dev.standby.model.StopConditions;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.List;
import java.util.Locale;

public class TopologyActivitiesImpl implements TopologyActivities {
  private final Topology topology;

  public TopologyActivitiesImpl(Topology topology) {
    this.topology = topology;
  }

  @Override
  public ServiceSpec describeService(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    return new ServiceSpec(s.name(), List.copyOf(s.sites().keySet()), s.primarySite(), s.rto().toMillis(), s.rpo().toMillis(),
        s.monitor().interval().toMillis(), s.monitor().failureThreshold(), s.verify().requests(), policy(s.failback()));
  }

  @Override
  public DrillSpec describeDrill(String service) {
    ServiceTopology.Drill d = Lookup.service(topology, service).drill();
    return new DrillSpec(d.writeLoad() != null, d.writers(), d.baseline().toMillis(), d.settle().toMillis(),
        d.maxLoad().toMillis(), d.checks(), d.tables(),
        new StopConditions(d.maxErrorRate(), d.errorWindow() == null ? null : d.errorWindow().toMillis()), d.blackouts());
  }

  private static FailbackPolicy policy(ServiceTopology.Failback f) {
    return new FailbackPolicy(List.copyOf(f.steps()), f.bake().toMillis(), f.sampleEvery().toMillis(), f.sampleRequests(),
        f.maxErrorRate(), f.maxLatency().toMillis(), GateFailureAction.valueOf(f.onGateFailure().toUpperCase(Locale.ROOT)),
        f.switchDatabaseAt());
  }
}
