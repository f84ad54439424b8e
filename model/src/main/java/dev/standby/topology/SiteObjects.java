package dev.standby.topology;

import dev.standby.model.objectsync.StoreSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's object stores, one per site ({@code sites.<site>.objects}): its object sync copies
 * the current primary's store into every other site's, so once one site declares a store every site
 * must, and no two sites may share one (a sync would copy a store onto itself).
 */
final class SiteObjects {
  private SiteObjects() {}

  static void check(
      Map<String, ServiceTopology.SiteEndpoints> sites, String path, TopologyLoader loader) {
    List<String> with =
        sites.entrySet().stream()
            .filter(e -> e.getValue().objects() != null)
            .map(Map.Entry::getKey)
            .toList();
    if (with.isEmpty()) {
      return;
    }
    Map<String, String> seen = new LinkedHashMap<>();
    sites.forEach(
        (site, endpoints) -> {
          StoreSpec store = endpoints.objects();
          if (store == null) {
            loader.problem(
                path + "." + site + ".objects",
                "is required: "
                    + String.join(", ", with)
                    + " declare an object store, and object sync copies the primary's store into"
                    + " every other site's");
            return;
          }
          String other = seen.putIfAbsent(store.describe(), site);
          if (other != null) {
            loader.problem(
                path + "." + site + ".objects",
                store.describe() + " is " + other + "'s object store too: each site needs its own");
          }
        });
  }
}
