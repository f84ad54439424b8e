package dev.standby.activities.impl;

import dev.standby.activities.HealthActivities;
import dev.standby.adapters.health.HttpHealthProbe;
import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.List;

public class HealthActivitiesImpl implements HealthActivities {
  private final Topology topology;
  private final HttpHealthProbe probe;

  public HealthActivitiesImpl(Topology topology, HttpHealthProbe probe) {
    this.topology = topology;
    this.probe = probe;
  }

  @Override
  public HealthReport probe(String service, String site) {
    ServiceTopology s = Lookup.service(topology, service);
    return probe.probe(site, Lookup.site(s, site).app(), s.health());
  }

  @Override
  public HealthReport liveness(String service, String site) {
    // Reachable and HTTP 200 at the liveness path is alive (HealthReport's reading of a probe).
    ServiceTopology s = Lookup.service(topology, service);
    return probe.probe(site, Lookup.site(s, site).app(), s.health().forLiveness());
  }

  @Override
  public List<CheckResult> runChecks(String service, String site) {
    ServiceTopology s = Lookup.service(topology, service);
    String app = Lookup.site(s, site).app();
    return s.drill().checks().stream()
        .map(check -> probe.check(app, check, s.health().timeout()))
        .toList();
  }
}
