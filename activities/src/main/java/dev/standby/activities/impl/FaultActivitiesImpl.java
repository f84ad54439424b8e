package dev.standby.activities.impl;

import dev.standby.activities.FaultActivities;
import dev.standby.adapters.FaultInjector;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.FaultRecord;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.Map;

/**
 * Hands a fault to the adapter of the service's fault provider ({@code drill.faults.provider}; the
 * lab's by default).
 */
public class FaultActivitiesImpl implements FaultActivities {
  private final Topology topology;
  private final Map<String, FaultInjector> adapters;

  public FaultActivitiesImpl(Topology topology, Map<String, FaultInjector> adapters) {
    this.topology = topology;
    this.adapters = Map.copyOf(adapters);
  }

  @Override
  public FaultRecord inject(String service, String site, FaultKind kind, long latencyMillis) {
    OwnHost.require(site, "injecting " + kind);
    ServiceTopology s = Lookup.service(topology, service);
    Lookup.site(s, site);
    return adapter(s).inject(s, site, kind, latencyMillis);
  }

  @Override
  public FaultRecord clear(String service, String site, FaultKind kind) {
    OwnHost.require(site, "clearing " + kind);
    ServiceTopology s = Lookup.service(topology, service);
    Lookup.site(s, site);
    return adapter(s).clear(s, site, kind);
  }

  private FaultInjector adapter(ServiceTopology service) {
    String provider =
        service.drill().faults() == null ? "lab" : service.drill().faults().provider();
    return Lookup.provider(adapters, provider, "fault");
  }
}
