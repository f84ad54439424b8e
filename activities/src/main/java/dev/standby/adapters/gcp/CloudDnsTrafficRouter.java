package dev.standby.adapters.gcp;

import com.google.api.services.dns.Dns;
import com.google.api.services.dns.model.RRSetRoutingPolicy;
import com.google.api.services.dns.model.RRSetRoutingPolicyWrrPolicy;
import com.google.api.services.dns.model.RRSetRoutingPolicyWrrPolicyWrrPolicyItem;
import com.google.api.services.dns.model.ResourceRecordSet;
import dev.standby.adapters.RequestedWeights;
import dev.standby.adapters.TrafficRouter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cloud DNS record sets with a weighted round robin routing policy: one item per site, found by its
 * rrdata ({@code targets}). The google-cloud-dns {@code RecordSet} has no routing policies, so this
 * uses the Cloud DNS v1 client that library is built on. Only the weights change; items, TTL and
 * health checking stay as they were.
 */
public class CloudDnsTrafficRouter implements TrafficRouter {
  private final GcpClients clients;

  public CloudDnsTrafficRouter(GcpClients clients) {
    this.clients = clients;
  }

  @Override
  public Map<String, Integer> weights(ServiceTopology service) {
    ResourceRecordSet rrset = read(service);
    Map<String, Integer> weights = new LinkedHashMap<>();
    items(service, rrset)
        .forEach(
            (site, item) ->
                weights.put(
                    site, item.getWeight() == null ? 0 : (int) Math.round(item.getWeight())));
    return weights;
  }

  @Override
  public Map<String, Integer> setWeights(ServiceTopology service, Map<String, Integer> wanted) {
    RequestedWeights.check(service, wanted);
    ResourceRecordSet rrset = read(service);
    Map<String, RRSetRoutingPolicyWrrPolicyWrrPolicyItem> items = items(service, rrset);
    boolean changed = false;
    for (var e : items.entrySet()) {
      double weight = wanted.get(e.getKey());
      if (e.getValue().getWeight() == null || e.getValue().getWeight() != weight) {
        e.getValue().setWeight(weight);
        changed = true;
      }
    }
    if (changed) {
      ServiceTopology.CloudRouter cloud = service.traffic().cloud();
      try {
        clients
            .dns(cloud.site())
            .resourceRecordSets()
            .patch(
                clients.project(cloud.site()),
                service.traffic().group(),
                rrset.getName(),
                rrset.getType(),
                rrset)
            .execute();
      } catch (IOException e) {
        throw GcpFailures.of("Cloud DNS weights of " + rrset.getName(), e);
      }
    }
    return weights(service);
  }

  private ResourceRecordSet read(ServiceTopology service) {
    ServiceTopology.CloudRouter cloud = service.traffic().cloud();
    String name = cloud.record().endsWith(".") ? cloud.record() : cloud.record() + ".";
    Dns dns = clients.dns(cloud.site());
    try {
      return dns.resourceRecordSets()
          .get(clients.project(cloud.site()), service.traffic().group(), name, cloud.recordType())
          .execute();
    } catch (IOException e) {
      throw GcpFailures.of(
          "Cloud DNS record set "
              + name
              + " "
              + cloud.recordType()
              + " in zone "
              + service.traffic().group(),
          e);
    }
  }

  /**
   * Each site's item of the weighted policy; a site without one is a topology error, not a
   * transient one.
   */
  private static Map<String, RRSetRoutingPolicyWrrPolicyWrrPolicyItem> items(
      ServiceTopology service, ResourceRecordSet rrset) {
    RRSetRoutingPolicy policy = rrset.getRoutingPolicy();
    RRSetRoutingPolicyWrrPolicy wrr = policy == null ? null : policy.getWrr();
    if (wrr == null || wrr.getItems() == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "Cloud DNS record set "
              + rrset.getName()
              + " "
              + rrset.getType()
              + " has no weighted round robin routing policy");
    }
    Map<String, RRSetRoutingPolicyWrrPolicyWrrPolicyItem> bySite = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    service
        .servingSites()
        .keySet()
        .forEach(
            site -> {
              String target = service.traffic().cloud().targets().get(site);
              wrr.getItems().stream()
                  .filter(i -> i.getRrdatas() != null && i.getRrdatas().contains(target))
                  .findFirst()
                  .ifPresentOrElse(
                      i -> bySite.put(site, i),
                      () -> missing.add(site + " (rrdata '" + target + "')"));
            });
    if (!missing.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "Cloud DNS record set "
              + rrset.getName()
              + " has no "
              + "weighted item for "
              + String.join(", ", missing));
    }
    return bySite;
  }
}
