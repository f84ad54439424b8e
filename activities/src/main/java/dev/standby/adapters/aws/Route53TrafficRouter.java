package dev.standby.adapters.aws;

import dev.standby.adapters.RequestedWeights;
import dev.standby.adapters.TrafficRouter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Route 53 weighted records: one record set per site under the same name and type, told apart by
 * its set identifier ({@code targets}). Only the weights change; the values, TTL and health check
 * of each record stay as they were, so a health check attached to a record keeps taking an
 * unhealthy site out of DNS by itself.
 */
public class Route53TrafficRouter implements TrafficRouter {
  private final AwsClients clients;

  public Route53TrafficRouter(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public Map<String, Integer> weights(ServiceTopology service) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    records(service)
        .forEach(
            (site, record) ->
                weights.put(site, record.weight() == null ? 0 : record.weight().intValue()));
    return weights;
  }

  @Override
  public Map<String, Integer> setWeights(ServiceTopology service, Map<String, Integer> wanted) {
    RequestedWeights.check(service, wanted);
    List<Change> changes = new ArrayList<>();
    records(service)
        .forEach(
            (site, record) -> {
              if (record.weight() == null || record.weight() != wanted.get(site).longValue()) {
                changes.add(
                    Change.builder()
                        .action(ChangeAction.UPSERT)
                        .resourceRecordSet(
                            record.toBuilder().weight(wanted.get(site).longValue()).build())
                        .build());
              }
            });
    if (!changes.isEmpty()) {
      ServiceTopology.Traffic t = service.traffic();
      Route53Client route53 = clients.route53(t.cloud().site());
      try {
        // One change batch: Route 53 applies all weights together or none.
        ChangeResourceRecordSetsResponse answer =
            route53.changeResourceRecordSets(
                r ->
                    r.hostedZoneId(t.group())
                        .changeBatch(
                            b ->
                                b.comment("standby: weights " + wanted + " for " + service.name())
                                    .changes(changes)));
        route53.waiter().waitUntilResourceRecordSetsChanged(w -> w.id(answer.changeInfo().id()));
      } catch (SdkException e) {
        throw AwsFailures.of(
            "Route 53 weights of " + t.cloud().record() + " in zone " + t.group(), e);
      }
    }
    return weights(service);
  }

  /**
   * Each site's weighted record, by site; a site with no record is a topology error, not a
   * transient one.
   */
  Map<String, ResourceRecordSet> records(ServiceTopology service) {
    ServiceTopology.Traffic t = service.traffic();
    ServiceTopology.CloudRouter cloud = t.cloud();
    String name = absolute(cloud.record());
    Map<String, ResourceRecordSet> bySetId = new LinkedHashMap<>();
    try {
      Route53Client route53 = clients.route53(cloud.site());
      ListResourceRecordSetsResponse page =
          route53.listResourceRecordSets(
              r ->
                  r.hostedZoneId(t.group())
                      .startRecordName(name)
                      .startRecordType(RRType.fromValue(cloud.recordType())));
      while (true) {
        boolean past = false;
        for (ResourceRecordSet record : page.resourceRecordSets()) {
          if (!absolute(record.name()).equalsIgnoreCase(name)
              || !record.typeAsString().equals(cloud.recordType())) {
            past = true;
            break;
          }
          if (record.setIdentifier() != null) {
            bySetId.put(record.setIdentifier(), record);
          }
        }
        if (past || !page.isTruncated()) {
          break;
        }
        ListResourceRecordSetsResponse previous = page;
        page =
            route53.listResourceRecordSets(
                r ->
                    r.hostedZoneId(t.group())
                        .startRecordName(previous.nextRecordName())
                        .startRecordType(previous.nextRecordType())
                        .startRecordIdentifier(previous.nextRecordIdentifier()));
      }
    } catch (SdkException e) {
      throw AwsFailures.of("Route 53 records " + name + " in zone " + t.group(), e);
    }
    Map<String, ResourceRecordSet> bySite = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    service
        .servingSites()
        .keySet()
        .forEach(
            site -> {
              ResourceRecordSet record = bySetId.get(cloud.targets().get(site));
              if (record == null) {
                missing.add(site + " (set identifier '" + cloud.targets().get(site) + "')");
              } else {
                bySite.put(site, record);
              }
            });
    if (!missing.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "Route 53 zone "
              + t.group()
              + " has no weighted "
              + cloud.recordType()
              + " record "
              + name
              + " for "
              + String.join(", ", missing)
              + " (found set identifiers: "
              + bySetId.keySet()
              + ")");
    }
    return bySite;
  }

  private static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
