package dev.standby.topology;

import java.util.Map;

/**
 * The worker's view of the world: where Temporal is, which sites exist, and how each service is
 * run.
 */
public record Topology(
    TemporalSettings temporal,
    Map<String, Site> sites,
    Map<String, ServiceTopology> services,
    RegionPlans regions) {

  public Topology {
    regions = regions == null ? RegionPlans.NONE : regions;
  }

  /**
   * Where Temporal is and how to reach it: {@code tls}, {@code apiKey} and {@code encryption} are
   * null when not configured (plaintext, no key, payloads in clear).
   */
  public record TemporalSettings(
      String target,
      String namespace,
      String taskQueue,
      String uiUrl,
      dev.standby.temporal.TemporalTls tls,
      dev.standby.temporal.Secret apiKey,
      dev.standby.temporal.PayloadEncryption encryption) {
    public TemporalSettings(String target, String namespace, String taskQueue, String uiUrl) {
      this(target, namespace, taskQueue, uiUrl, null, null, null);
    }

    /** What the connection and the data converter are built from. */
    public dev.standby.temporal.TemporalAccess access() {
      return new dev.standby.temporal.TemporalAccess(target, namespace, tls, apiKey, encryption);
    }
  }

  /**
   * Where a site runs. {@code provider}: lab, aws, gcp or azure; aws needs {@code region}, gcp
   * {@code project}, azure {@code subscription}. Credentials come from each SDK's default chain,
   * never from here. {@code endpoint} overrides the provider's API endpoint, for emulators and
   * tests only.
   */
  public record Site(
      String name,
      String provider,
      String region,
      String project,
      String subscription,
      String endpoint) {
    public Site(String name, String provider, String region) {
      this(name, provider, region, null, null, null);
    }
  }

  /** Finds a service or fails with the names that do exist. */
  public ServiceTopology service(String name) {
    ServiceTopology service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException(
          "unknown service '" + name + "' (known: " + String.join(", ", services.keySet()) + ")");
    }
    return service;
  }
}
