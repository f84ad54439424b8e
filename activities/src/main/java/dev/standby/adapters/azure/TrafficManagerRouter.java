package dev.standby.adapters.azure;

import com.azure.core.exception.AzureException;
import com.azure.resourcemanager.trafficmanager.fluent.EndpointsClient;
import com.azure.resourcemanager.trafficmanager.fluent.models.EndpointInner;
import com.azure.resourcemanager.trafficmanager.fluent.models.ProfileInner;
import com.azure.resourcemanager.trafficmanager.models.EndpointTypes;
import com.azure.resourcemanager.trafficmanager.models.TrafficRoutingMethod;
import dev.standby.adapters.RequestedWeights;
import dev.standby.adapters.TrafficRouter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure Traffic Manager: each site is an endpoint of the profile ({@code targets}). A Weighted
 * profile takes the weights as they are; a Priority profile sends everything to its priority-1
 * endpoint, so there the weights must be all-or-nothing and the site given 100 becomes priority 1.
 * Each changed endpoint gets one PATCH of only the field that changes.
 */
public class TrafficManagerRouter implements TrafficRouter {
  /**
   * Traffic Manager's highest priority; swaps park endpoints just below it, since priorities must
   * stay unique.
   */
  static final long MAX_PRIORITY = 1000;

  private final AzureClients clients;

  public TrafficManagerRouter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public Map<String, Integer> weights(ServiceTopology service) {
    ProfileInner profile = profile(service);
    Map<String, EndpointInner> endpoints = endpoints(service, profile);
    Map<String, Integer> weights = new LinkedHashMap<>();
    if (TrafficRoutingMethod.PRIORITY.equals(profile.trafficRoutingMethod())) {
      String first =
          endpoints.entrySet().stream()
              .min(Comparator.comparing(e -> e.getValue().priority()))
              .map(Map.Entry::getKey)
              .orElse(null);
      endpoints.keySet().forEach(site -> weights.put(site, site.equals(first) ? 100 : 0));
    } else {
      endpoints.forEach(
          (site, e) -> weights.put(site, e.weight() == null ? 0 : e.weight().intValue()));
    }
    return weights;
  }

  @Override
  public Map<String, Integer> setWeights(ServiceTopology service, Map<String, Integer> wanted) {
    RequestedWeights.check(service, wanted);
    ProfileInner profile = profile(service);
    Map<String, EndpointInner> endpoints = endpoints(service, profile);
    if (TrafficRoutingMethod.PRIORITY.equals(profile.trafficRoutingMethod())) {
      setPriorities(service, endpoints, wanted);
    } else {
      endpoints.forEach(
          (site, e) -> {
            long weight = wanted.get(site);
            if (e.weight() == null || e.weight() != weight) {
              patch(service, e, new EndpointInner().withWeight(weight));
            }
          });
    }
    return weights(service);
  }

  private void setPriorities(
      ServiceTopology service, Map<String, EndpointInner> endpoints, Map<String, Integer> wanted) {
    List<String> first =
        wanted.entrySet().stream().filter(e -> e.getValue() == 100).map(Map.Entry::getKey).toList();
    if (first.size() != 1) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "Traffic Manager profile "
              + service.traffic().group()
              + " routes by priority: give one site 100 and the others 0, not "
              + wanted);
    }
    // The chosen site first, then the others in their current order.
    List<String> order = new ArrayList<>(first);
    endpoints.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getValue().priority()))
        .map(Map.Entry::getKey)
        .filter(site -> !site.equals(first.get(0)))
        .forEach(order::add);
    Map<String, Long> target = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      target.put(order.get(i), (long) i + 1);
    }
    List<String> changing =
        order.stream()
            .filter(site -> !target.get(site).equals(endpoints.get(site).priority()))
            .toList();
    if (changing.isEmpty()) {
      return;
    }
    // Priorities are unique within a profile: park the changing endpoints first, then give each its
    // place.
    for (int i = 0; i < changing.size(); i++) {
      patch(
          service,
          endpoints.get(changing.get(i)),
          new EndpointInner().withPriority(MAX_PRIORITY - i));
    }
    changing.forEach(
        site ->
            patch(
                service, endpoints.get(site), new EndpointInner().withPriority(target.get(site))));
  }

  private void patch(ServiceTopology service, EndpointInner endpoint, EndpointInner change) {
    ServiceTopology.CloudRouter cloud = service.traffic().cloud();
    EndpointsClient client = clients.trafficManager(cloud.site()).serviceClient().getEndpoints();
    try {
      client.update(
          cloud.resourceGroup(),
          service.traffic().group(),
          type(endpoint),
          endpoint.name(),
          change);
    } catch (AzureException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "Traffic Manager endpoint " + endpoint.name() + ": " + e.getMessage(),
          e);
    }
  }

  private ProfileInner profile(ServiceTopology service) {
    ServiceTopology.CloudRouter cloud = service.traffic().cloud();
    try {
      return clients
          .trafficManager(cloud.site())
          .serviceClient()
          .getProfiles()
          .getByResourceGroup(cloud.resourceGroup(), service.traffic().group());
    } catch (AzureException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          "Traffic Manager profile " + service.traffic().group() + ": " + e.getMessage(),
          e);
    }
  }

  private static Map<String, EndpointInner> endpoints(
      ServiceTopology service, ProfileInner profile) {
    Map<String, EndpointInner> bySite = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    List<EndpointInner> all = profile.endpoints() == null ? List.of() : profile.endpoints();
    service
        .servingSites()
        .keySet()
        .forEach(
            site -> {
              String name = service.traffic().cloud().targets().get(site);
              all.stream()
                  .filter(e -> name.equals(e.name()))
                  .findFirst()
                  .ifPresentOrElse(
                      e -> bySite.put(site, e),
                      () -> missing.add(site + " (endpoint '" + name + "')"));
            });
    if (!missing.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "Traffic Manager profile "
              + service.traffic().group()
              + " has no endpoint for "
              + String.join(", ", missing)
              + " (endpoints: "
              + all.stream().map(EndpointInner::name).toList()
              + ")");
    }
    return bySite;
  }

  /**
   * The endpoint's type as the URL names it, from the last part of {@code
   * Microsoft.Network/trafficManagerProfiles/X}.
   */
  private static EndpointTypes type(EndpointInner endpoint) {
    String type =
        endpoint.type() == null
            ? "externalEndpoints"
            : endpoint.type().substring(endpoint.type().lastIndexOf('/') + 1);
    return java.util.Arrays.stream(EndpointTypes.values())
        .filter(t -> t.toString().equalsIgnoreCase(type))
        .findFirst()
        .orElse(EndpointTypes.EXTERNAL_ENDPOINTS);
  }
}
