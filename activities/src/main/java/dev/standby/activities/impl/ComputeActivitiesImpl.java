package dev.standby.activities.impl;

import dev.standby.activities.ComputeActivities;
import dev.standby.adapters.ComputeAdapter;
import dev.standby.model.compute.ScaleResult;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.Map;

/** Finds the site's compute group in the topology and hands it to the adapter of its provider. */
public class ComputeActivitiesImpl implements ComputeActivities {
  private final Topology topology;
  private final Map<String, ComputeAdapter> adapters;

  /**
   * @param adapters by provider name as written in the topology ({@code autoscaling})
   */
  public ComputeActivitiesImpl(Topology topology, Map<String, ComputeAdapter> adapters) {
    this.topology = topology;
    this.adapters = Map.copyOf(adapters);
  }

  @Override
  public ScaleResult scaleUp(String service, String site) {
    ServiceTopology.Compute compute =
        Lookup.site(Lookup.service(topology, service), site).compute();
    return compute == null
        ? new ScaleResult(site, null, null, null)
        : Lookup.provider(adapters, compute.provider(), "compute")
            .setDesiredCapacity(site, compute, compute.active());
  }

  @Override
  public ScaleResult scaleDown(String service, String site) {
    ServiceTopology.Compute compute =
        Lookup.site(Lookup.service(topology, service), site).compute();
    return compute == null
        ? new ScaleResult(site, null, null, null)
        : Lookup.provider(adapters, compute.provider(), "compute")
            .setDesiredCapacity(site, compute, compute.standby());
  }
}
