package dev.standby.topology;

import dev.standby.model.region.DependencyLayers;
import dev.standby.model.region.OnServiceFailure;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionPlanSpec;
import dev.standby.model.region.RegionTrigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads each service's {@code dependsOn} and the {@code regionPlans} block:
 *
 * <pre>
 * regionPlans:
 *   site-a:                        # the site whose services the plan moves
 *     groups:                      # in order; without groups, dependsOn decides
 *       - [ledger]
 *       - {services: [payments, orders], approval: true}
 *     maxParallel: 10              # services of a group at once
 *     onServiceFailure: continue   # continue, stop-after-group, stop
 *     groupTimeout: 15m
 *     trigger: {failedServices: 2, window: 20s, minInterval: 30m}
 * </pre>
 */
final class RegionPlanBlock {
  private RegionPlanBlock() {}

  static RegionPlans read(
      Node root, Map<String, Node> serviceNodes, Set<String> sites, TopologyLoader loader) {
    Map<String, List<String>> dependsOn = new LinkedHashMap<>();
    for (var e : serviceNodes.entrySet()) {
      String path = "services." + e.getKey() + ".dependsOn";
      Node n = YamlFields.child(e.getValue(), "dependsOn");
      if (YamlFields.absent(n)) {
        continue;
      }
      List<String> needed = new ArrayList<>();
      for (String other : loader.y.texts(n, path, false)) {
        if (other.equals(e.getKey())) {
          loader.problem(n, path, "a service cannot depend on itself");
        } else if (!serviceNodes.containsKey(other)) {
          loader.problem(
              n,
              path,
              "unknown service '"
                  + other
                  + "' (known: "
                  + String.join(", ", serviceNodes.keySet())
                  + ")");
        } else {
          needed.add(other);
        }
      }
      dependsOn.put(e.getKey(), needed);
    }
    try {
      DependencyLayers.of(serviceNodes.keySet(), dependsOn);
    } catch (IllegalArgumentException cycle) {
      loader.problem("services", cycle.getMessage());
      dependsOn.clear();
    }

    Map<String, RegionPlanSpec> plans = new LinkedHashMap<>();
    Node block = YamlFields.child(root, "regionPlans");
    if (!YamlFields.absent(block)) {
      for (var e : loader.y.entries(block, "regionPlans", false).entrySet()) {
        String path = "regionPlans." + e.getKey();
        if (!sites.contains(e.getKey())) {
          loader.problemAtKey(
              path,
              "unknown site '"
                  + e.getKey()
                  + "' (declared sites: "
                  + String.join(", ", sites)
                  + ")");
          continue;
        }
        plans.put(
            e.getKey(),
            plan(e.getKey(), e.getValue(), path, serviceNodes.keySet(), dependsOn, loader));
      }
    }
    return new RegionPlans(dependsOn, plans);
  }

  private static RegionPlanSpec plan(
      String site,
      Node n,
      String path,
      Set<String> services,
      Map<String, List<String>> dependsOn,
      TopologyLoader loader) {
    loader.knownFields(
        n, path, Set.of("groups", "maxParallel", "onServiceFailure", "groupTimeout", "trigger"));
    List<RegionGroup> groups =
        groups(YamlFields.child(n, "groups"), path + ".groups", services, loader);
    checkOrder(groups, dependsOn, path + ".groups", loader);
    String onFailure = loader.text(n, path + ".onServiceFailure", OnServiceFailure.CONTINUE.word());
    OnServiceFailure onServiceFailure = OnServiceFailure.parse(onFailure);
    if (onServiceFailure == null) {
      loader.problem(
          path + ".onServiceFailure",
          "'" + onFailure + "' is not one of: " + OnServiceFailure.words());
    }
    Duration timeout =
        loader.duration(
            n,
            path + ".groupTimeout",
            Duration.ofMillis(RegionPlanSpec.DEFAULT_GROUP_TIMEOUT_MILLIS));
    return new RegionPlanSpec(
        site,
        groups,
        loader.positiveInt(n, path + ".maxParallel", RegionPlanSpec.DEFAULT_MAX_PARALLEL),
        onServiceFailure,
        timeout.toMillis(),
        trigger(YamlFields.child(n, "trigger"), path + ".trigger", loader));
  }

  private static List<RegionGroup> groups(
      Node n, String path, Set<String> services, TopologyLoader loader) {
    List<RegionGroup> groups = new ArrayList<>();
    List<Node> items = YamlFields.absent(n) ? null : loader.y.list(n, path, true);
    if (items == null) {
      return groups;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String gp = path + "[" + i + "]";
      Node item = items.get(i);
      Node list = item;
      boolean approval = false;
      if (YamlFields.isMapping(item)) {
        loader.knownFields(item, gp, Set.of("services", "approval"));
        list = YamlFields.child(item, "services");
        approval = loader.bool(item, gp + ".approval", false);
        if (YamlFields.absent(list)) {
          loader.problem(item, gp + ".services", "is required");
          continue;
        }
      }
      List<String> names = new ArrayList<>();
      for (String service :
          loader.y.texts(list, YamlFields.isMapping(item) ? gp + ".services" : gp, true)) {
        if (!services.contains(service)) {
          loader.problem(
              list,
              gp,
              "unknown service '" + service + "' (known: " + String.join(", ", services) + ")");
        } else if (seen.containsKey(service)) {
          loader.problem(
              list,
              gp,
              "'"
                  + service
                  + "' is already in group "
                  + (seen.get(service) + 1)
                  + ": a service moves once");
        } else {
          seen.put(service, i);
          names.add(service);
        }
      }
      groups.add(new RegionGroup(names, approval));
    }
    return groups;
  }

  /** A service's group must come after the groups of every service it depends on. */
  private static void checkOrder(
      List<RegionGroup> groups,
      Map<String, List<String>> dependsOn,
      String path,
      TopologyLoader loader) {
    Map<String, Integer> groupOf = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      for (String s : groups.get(i).services()) {
        groupOf.put(s, i);
      }
    }
    for (int i = 0; i < groups.size(); i++) {
      for (String service : groups.get(i).services()) {
        for (String needed : dependsOn.getOrDefault(service, List.of())) {
          Integer at = groupOf.get(needed);
          if (at != null && at >= i) {
            loader.problem(
                path + "[" + i + "]",
                "'"
                    + service
                    + "' depends on '"
                    + needed
                    + "', which is in group "
                    + (at + 1)
                    + ": it must move in an earlier group");
          }
        }
      }
    }
  }

  private static RegionTrigger trigger(Node n, String path, TopologyLoader loader) {
    if (YamlFields.absent(n)) {
      return null;
    }
    loader.knownFields(n, path, Set.of("failedServices", "window", "minInterval"));
    int failed = loader.positiveInt(n, path + ".failedServices", 2);
    Duration window = loader.duration(n, path + ".window", Duration.ofSeconds(20));
    Duration minInterval = loader.duration(n, path + ".minInterval", Duration.ofMinutes(30));
    return new RegionTrigger(failed, window.toMillis(), minInterval.toMillis());
  }
}
