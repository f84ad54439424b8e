package dev.standby.topology;

import java.util.Map;

/** The worker's view of the world: where Temporal is, which sites exist, and how each service is run. */
public record Topology(TemporalSettings temporal, Map<String, Site> sites, Map<String, ServiceTopology> services) {

  public record TemporalSettings(String target, String namespace, String taskQueue, String uiUrl) {}

  public record Site(String name, String provider, String region) {}

  /** Finds a service or fails with the names that do exist. */
  public ServiceTopology service(String name) {
    ServiceTopology service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("unknown service '" + name + "' (known: " + String.join(", ", services.keySet()) + ")");
    }
    return service;
  }
}
