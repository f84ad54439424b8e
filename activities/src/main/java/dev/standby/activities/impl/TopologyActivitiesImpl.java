package dev.standby.activities.impl;

import dev.standby.activities.TopologyActivities;
import dev.standby.model.ServiceSpec;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.List;

public class TopologyActivitiesImpl implements TopologyActivities {
  private final Topology topology;

  public TopologyActivitiesImpl(Topology topology) {
    this.topology = topology;
  }

  @Override
  public ServiceSpec describeService(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    return new ServiceSpec(s.name(), List.copyOf(s.sites().keySet()), s.primarySite(), s.rto().toMillis(), s.rpo().toMillis(),
        s.monitor().interval().toMillis(), s.monitor().failureThreshold(), s.verify().requests());
  }
}
