package dev.standby.api.topology;

import dev.standby.api.errors.ApiError;
import dev.standby.api.errors.ApiException;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;

/**
 * The services and sites of the worker's topology, when the API is given the same file: then a
 * start for a service or site that does not exist is refused before anything reaches Temporal (404,
 * 422), instead of becoming a run that fails with UNKNOWN_SERVICE. Without the file every name is
 * let through and the workflow says.
 */
public final class KnownServices {
  private final Topology topology;

  private KnownServices(Topology topology) {
    this.topology = topology;
  }

  public static KnownServices none() {
    return new KnownServices(null);
  }

  /**
   * @throws dev.standby.topology.TopologyException naming every problem of the file, so the API
   *     does not start
   */
  public static KnownServices from(Path topologyFile) {
    return new KnownServices(TopologyLoader.load(topologyFile));
  }

  /** The topology's services in its order; null when the API was given no topology file. */
  public java.util.List<String> names() {
    return topology == null ? null : java.util.List.copyOf(topology.services().keySet());
  }

  /**
   * @param site null when the request names none
   */
  public void require(String service, String site) {
    if (topology == null) {
      return;
    }
    ServiceTopology known = topology.services().get(service);
    if (known == null) {
      String message =
          "unknown service '"
              + service
              + "' (the topology has: "
              + String.join(", ", topology.services().keySet())
              + ")";
      throw new ApiException(Response.Status.NOT_FOUND, message, new ApiError(message));
    }
    if (site != null && !site.isEmpty() && !known.sites().containsKey(site)) {
      String message =
          "'"
              + site
              + "' is not a site of "
              + service
              + " (sites: "
              + String.join(", ", known.sites().keySet())
              + ")";
      throw new ApiException(422, message);
    }
  }

  /** 404 for a site the topology does not declare; nothing without a topology file. */
  public void requireSite(String site) {
    if (topology == null || topology.sites().containsKey(site)) {
      return;
    }
    String message =
        "unknown site '"
            + site
            + "' (the topology has: "
            + String.join(", ", topology.sites().keySet())
            + ")";
    throw new ApiException(Response.Status.NOT_FOUND, message, new ApiError(message));
  }
}
