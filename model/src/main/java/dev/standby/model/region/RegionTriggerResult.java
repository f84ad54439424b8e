package dev.standby.model.region;

import java.util.List;

/**
 * What a region trigger decided about the failures it collected in its window.
 *
 * @param decision PLAN_STARTED, FAILOVERS_STARTED (fewer failures than the trigger's count: each
 *     service fails over alone) or HELD (a plan ran too recently: a person decides)
 */
public record RegionTriggerResult(
    String site, String decision, List<String> services, String workflowId, String detail) {
  public RegionTriggerResult {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
