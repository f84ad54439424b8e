package dev.standby.adapters.compute;

import dev.standby.model.ScaleResult;
import dev.standby.topology.ServiceTopology.Compute;

/** One compute provider (AWS Auto Scaling today). Setting the capacity already in place changes nothing. */
public interface ComputeAdapter {

  ScaleResult setDesiredCapacity(String site, Compute compute, int desired);
}
