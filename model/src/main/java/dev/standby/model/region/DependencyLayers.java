package dev.standby.model.region;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts services in groups by what they depend on: a service goes in the first group after every
 * service it depends on. Dependencies outside the given services are already met (those services
 * are not moving), so they do not hold anything back.
 */
public final class DependencyLayers {
  private DependencyLayers() {}

  /**
   * The layers, in order, each in the order the services were given.
   *
   * @throws IllegalArgumentException when the dependencies form a cycle, naming it
   */
  public static List<List<String>> of(
      Collection<String> services, Map<String, List<String>> dependsOn) {
    Set<String> left = new LinkedHashSet<>(services);
    Set<String> placed = new LinkedHashSet<>();
    List<List<String>> layers = new ArrayList<>();
    while (!left.isEmpty()) {
      List<String> layer = new ArrayList<>();
      for (String service : left) {
        boolean ready = true;
        for (String needed : dependsOn.getOrDefault(service, List.of())) {
          if (left.contains(needed)) {
            ready = false;
          }
        }
        if (ready) {
          layer.add(service);
        }
      }
      if (layer.isEmpty()) {
        throw new IllegalArgumentException(
            "dependsOn forms a cycle among: " + String.join(", ", left));
      }
      layer.forEach(left::remove);
      placed.addAll(layer);
      layers.add(layer);
    }
    return layers;
  }
}
