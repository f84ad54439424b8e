package dev.standby.activities.impl;

import dev.standby.activities.TrafficActivities;
import dev.standby.adapters.traffic.ServingVerifier;
import dev.standby.adapters.traffic.TrafficRouter;
import dev.standby.model.ServingReport;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.Map;

/** Weights go to the router of the service's traffic provider; verification goes through the front door. */
public class TrafficActivitiesImpl implements TrafficActivities {
  private final Topology topology;
  private final Map<String, TrafficRouter> routers;
  private final ServingVerifier verifier;

  /** @param routers by provider name as written in the topology ({@code haproxy}) */
  public TrafficActivitiesImpl(Topology topology, Map<String, TrafficRouter> routers, ServingVerifier verifier) {
    this.topology = topology;
    this.routers = Map.copyOf(routers);
    this.verifier = verifier;
  }

  @Override
  public Map<String, Integer> weights(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    return router(s).weights(s);
  }

  @Override
  public Map<String, Integer> setWeights(String service, Map<String, Integer> weights) {
    ServiceTopology s = Lookup.service(topology, service);
    return router(s).setWeights(s, weights);
  }

  @Override
  public ServingReport verifyServing(String service, String expectedSite, int requests) {
    ServiceTopology s = Lookup.service(topology, service);
    Lookup.site(s, expectedSite);
    return verifier.verify(s, expectedSite, requests);
  }

  private TrafficRouter router(ServiceTopology service) {
    return Lookup.provider(routers, service.traffic().provider(), "traffic");
  }
}
