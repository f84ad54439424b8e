package dev.standby.adapters;

import dev.standby.model.compute.ScaleResult;
import dev.standby.topology.ServiceTopology.Compute;

/**
 * One compute provider (AWS Auto Scaling today). Setting the capacity already in place changes
 * nothing.
 */
public interface ComputeAdapter {

  ScaleResult setDesiredCapacity(String site, Compute compute, int desired);
}
