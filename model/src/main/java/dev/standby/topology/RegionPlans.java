package dev.standby.topology;

import dev.standby.model.region.DependencyLayers;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionPlanSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * How services fail over together when a whole site goes: each service's {@code dependsOn} and the
 * {@code regionPlans} block, one plan per site.
 */
public record RegionPlans(Map<String, List<String>> dependsOn, Map<String, RegionPlanSpec> plans) {
  public static final RegionPlans NONE = new RegionPlans(Map.of(), Map.of());

  public RegionPlans {
    dependsOn = dependsOn == null ? Map.of() : Map.copyOf(dependsOn);
    plans = plans == null ? Map.of() : Map.copyOf(plans);
  }

  /** The site's declared plan, or the defaults: every service, in dependsOn order. */
  public RegionPlanSpec plan(String site) {
    RegionPlanSpec declared = plans.get(site);
    return declared != null ? declared : RegionPlanSpec.defaults(site);
  }

  /**
   * The groups that move {@code moving} (the services whose primary is at the site now), in order:
   * the declared groups without the services not moving, or dependsOn layers when none are
   * declared. Empty groups are left out; an approval of a group left out moves to the next one.
   */
  public List<RegionGroup> groups(String site, Collection<String> moving) {
    RegionPlanSpec spec = plan(site);
    List<RegionGroup> groups = new ArrayList<>();
    if (spec.groups().isEmpty()) {
      for (List<String> layer : DependencyLayers.of(moving, dependsOn)) {
        groups.add(new RegionGroup(layer, false));
      }
      return groups;
    }
    boolean approvalCarried = false;
    for (RegionGroup declared : spec.groups()) {
      List<String> services = declared.services().stream().filter(moving::contains).toList();
      boolean approval = declared.approvalBefore() || approvalCarried;
      if (services.isEmpty()) {
        approvalCarried = approval;
        continue;
      }
      groups.add(new RegionGroup(services, approval));
      approvalCarried = false;
    }
    // A service at the site that no group names still moves, last: a forgotten service must not
    // stay behind in a dead site.
    List<String> unnamed =
        moving.stream()
            .filter(s -> spec.groups().stream().noneMatch(g -> g.services().contains(s)))
            .toList();
    if (!unnamed.isEmpty()) {
      groups.add(new RegionGroup(unnamed, approvalCarried));
    }
    return groups;
  }
}
