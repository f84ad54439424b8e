package dev.standby.activities.impl;

import dev.standby.activities.TopologyActivities;
import dev.standby.model.FailbackPolicy;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.GateFailureAction;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.approval.ApprovalLevel;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalTimeoutAction;
import dev.standby.model.drill.DrillSpec;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.model.practice.PracticeSpec;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.List;
import java.util.Locale;

public class TopologyActivitiesImpl implements TopologyActivities {
  private final Topology topology;

  public TopologyActivitiesImpl(Topology topology) {
    this.topology = topology;
  }

  @Override
  public ServiceSpec describeService(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    return new ServiceSpec(
        s.name(),
        List.copyOf(s.sites().keySet()),
        s.primarySite(),
        s.rto().toMillis(),
        s.rpo().toMillis(),
        s.monitor().interval().toMillis(),
        s.monitor().failureThreshold(),
        s.verify().requests(),
        policy(s.failback()),
        policy(s.notifications()),
        s.sites().entrySet().stream()
            .filter(e -> e.getValue().compute() != null)
            .map(java.util.Map.Entry::getKey)
            .toList(),
        priorities(s),
        s.sites().entrySet().stream()
            .filter(e -> e.getValue().backupOnly())
            .map(java.util.Map.Entry::getKey)
            .toList());
  }

  private static java.util.Map<String, Integer> priorities(ServiceTopology s) {
    java.util.Map<String, Integer> priorities = new java.util.LinkedHashMap<>();
    s.sites().forEach((site, endpoints) -> priorities.put(site, endpoints.priority()));
    return priorities;
  }

  private static NotifyPolicy policy(ServiceTopology.Notify n) {
    List<ApprovalLevel> levels =
        n.levels().stream()
            .map(l -> new ApprovalLevel(l.timeout().toSeconds(), l.approvers()))
            .toList();
    ApprovalTimeoutAction onTimeout =
        ApprovalTimeoutAction.valueOf(n.onLastTimeout().replace('-', '_').toUpperCase(Locale.ROOT));
    return new NotifyPolicy(new ApprovalRequirement(levels, onTimeout), n.templates());
  }

  @Override
  public java.util.Map<String, StoreSpec> describeObjectStores(String service) {
    ServiceTopology s = Lookup.service(topology, service);
    java.util.Map<String, StoreSpec> stores = new java.util.LinkedHashMap<>();
    s.sites()
        .forEach(
            (site, endpoints) -> {
              if (endpoints.objects() != null) {
                stores.put(site, endpoints.objects());
              }
            });
    if (stores.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          service
              + " declares no object stores: give each of its sites one under"
              + " services."
              + service
              + ".sites.<site>.objects (provider, bucket or path)");
    }
    return stores;
  }

  @Override
  public DrillSpec describeDrill(String service) {
    ServiceTopology.Drill d = Lookup.service(topology, service).drill();
    return new DrillSpec(
        d.writeLoad() != null,
        d.writers(),
        d.baseline().toMillis(),
        d.settle().toMillis(),
        d.maxLoad().toMillis(),
        d.checks(),
        d.tables(),
        new StopConditions(
            d.maxErrorRate(), d.errorWindow() == null ? null : d.errorWindow().toMillis()),
        d.blackouts());
  }

  @Override
  public PracticeSpec describePractice(String service) {
    ServiceTopology.Practice p = Lookup.service(topology, service).drill().practice();
    return p == null
        ? new PracticeSpec(false, 0, 0, 0, 0)
        : new PracticeSpec(
            true, p.writers(), p.baseline().toMillis(), p.slice().toMillis(), p.requests());
  }

  private static FailbackPolicy policy(ServiceTopology.Failback f) {
    return new FailbackPolicy(
        List.copyOf(f.steps()),
        f.bake().toMillis(),
        f.sampleEvery().toMillis(),
        f.sampleRequests(),
        f.maxErrorRate(),
        f.maxLatency().toMillis(),
        GateFailureAction.valueOf(f.onGateFailure().toUpperCase(Locale.ROOT)),
        f.switchDatabaseAt());
  }
}
