package dev.standby.adapters;

import dev.standby.topology.ServiceTopology;
import java.util.Map;

/**
 * One traffic provider (HAProxy's runtime API today; Route 53, Cloud DNS, ... later). Weights are
 * by site, 0 to 100; the router maps each site to its own name for it ({@code trafficTarget}).
 */
public interface TrafficRouter {

  /** The weights the router applies now, by site, in the service's site order. */
  Map<String, Integer> weights(ServiceTopology service);

  /**
   * Checks {@code weights} with {@link RequestedWeights#check} before touching anything, changes
   * only the sites whose weight differs, and returns what the router reports afterwards.
   */
  Map<String, Integer> setWeights(ServiceTopology service, Map<String, Integer> weights);
}
