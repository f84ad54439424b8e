package dev.standby.model.region;

import java.util.List;

/**
 * Services that move together, in parallel up to the plan's limit, after the groups before them.
 *
 * @param approvalBefore a person approves before the group starts
 */
public record RegionGroup(List<String> services, boolean approvalBefore) {
  public RegionGroup {
    services = services == null ? List.of() : List.copyOf(services);
  }
}
