package dev.standby.activities.impl;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.Map;
import java.util.TreeSet;

/** Resolves the names a workflow passes in, failing non-retryably with the names that do exist. */
final class Lookup {
  private Lookup() {}

  static ServiceTopology service(Topology topology, String service) {
    ServiceTopology found = service == null ? null : topology.services().get(service);
    if (found == null) {
      throw Failures.nonRetryable(
          FailureType.UNKNOWN_SERVICE,
          "unknown service '"
              + service
              + "' (known: "
              + String.join(", ", topology.services().keySet())
              + ")");
    }
    return found;
  }

  static ServiceTopology.SiteEndpoints site(ServiceTopology service, String site) {
    ServiceTopology.SiteEndpoints found = site == null ? null : service.sites().get(site);
    if (found == null) {
      throw Failures.nonRetryable(
          FailureType.UNKNOWN_SITE,
          "service '"
              + service.name()
              + "' has no site '"
              + site
              + "' (sites: "
              + String.join(", ", service.sites().keySet())
              + ")");
    }
    return found;
  }

  /**
   * The adapter for a provider named in the topology; the worker builds one per provider it
   * supports.
   */
  static <T> T provider(Map<String, T> adapters, String provider, String capability) {
    T adapter = adapters.get(provider);
    if (adapter == null) {
      throw Failures.nonRetryable(
          FailureType.UNSUPPORTED_PROVIDER,
          "no "
              + capability
              + " adapter for provider '"
              + provider
              + "' (available: "
              + (adapters.isEmpty() ? "none" : String.join(", ", new TreeSet<>(adapters.keySet())))
              + ")");
    }
    return adapter;
  }
}
