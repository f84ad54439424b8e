package dev.standby.activities.impl;

import dev.standby.activities.TrafficActivities;
import dev.standby.adapters.TrafficRouter;
import dev.standby.model.traffic.ServingReport;
import dev.standby.model.traffic.TrafficSample;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import dev.standby.traffic.FrontDoorSampler;
import dev.standby.traffic.ServingVerifier;
import java.util.Map;

/**
 * Weights go to the router of the service's traffic provider; verification goes through the front
 * door.
 */
public class TrafficActivitiesImpl implements TrafficActivities {
  private final Topology topology;
  private final Map<String, TrafficRouter> routers;
  private final ServingVerifier verifier;
  private final FrontDoorSampler sampler;

  /**
   * @param routers by provider name as written in the topology ({@code haproxy})
   */
  public TrafficActivitiesImpl(
      Topology topology, Map<String, TrafficRouter> routers, ServingVerifier verifier) {
    this(topology, routers, verifier, new FrontDoorSampler());
  }

  public TrafficActivitiesImpl(
      Topology topology,
      Map<String, TrafficRouter> routers,
      ServingVerifier verifier,
      FrontDoorSampler sampler) {
    this.topology = topology;
    this.routers = Map.copyOf(routers);
    this.verifier = verifier;
    this.sampler = sampler;
  }

  @Override
  public Map<String, Integer> weights(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    return router(s).weights(s);
  }

  @Override
  public Map<String, Integer> setWeights(String service, Map<String, Integer> weights) {
    ServiceTopology s = Lookup.service(topology, service);
    Map<String, Integer> applied = router(s).setWeights(s, weights);
    // The routers behind or in front of the first one (public DNS before the load balancers) follow
    // it. A retry
    // after one of them failed sets the first again, which changes nothing there.
    for (ServiceTopology.Traffic more : s.traffic().also()) {
      Lookup.provider(routers, more.provider(), "traffic").setWeights(s.withTraffic(more), weights);
    }
    return applied;
  }

  @Override
  public ServingReport verifyServing(String service, String expectedSite, int requests) {
    ServiceTopology s = Lookup.service(topology, service);
    Lookup.site(s, expectedSite);
    return verifier.verify(s, expectedSite, requests);
  }

  @Override
  public TrafficSample sampleFrontDoor(String service, int requests) {
    return sampler.sample(Lookup.service(topology, service), requests);
  }

  private TrafficRouter router(ServiceTopology service) {
    return Lookup.provider(routers, service.traffic().provider(), "traffic");
  }
}
