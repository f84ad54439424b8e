package dev.standby.adapters;

import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.FaultRecord;
import dev.standby.topology.ServiceTopology;

/**
 * Breaks one part of a site on purpose, for a chaos drill, and repairs it. One implementation per
 * fault provider ({@code drill.faults.provider}): today the lab's; a cloud's fault service would be
 * another.
 */
public interface FaultInjector {
  FaultRecord inject(ServiceTopology service, String site, FaultKind kind, long latencyMillis);

  FaultRecord clear(ServiceTopology service, String site, FaultKind kind);
}
