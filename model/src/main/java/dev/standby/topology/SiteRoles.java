package dev.standby.topology;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The roles a service's sites may take: one primary that is not backup-only, at least one standby
 * that could take over, and no two sites that are in truth the same place (one database, app or
 * router target named twice would make a failover promote the primary's own database).
 */
final class SiteRoles {
  private SiteRoles() {}

  /** The sites that take traffic: every site but the backup-only ones. */
  static Set<String> serving(Map<String, ServiceTopology.SiteEndpoints> sites) {
    Set<String> serving = new LinkedHashSet<>();
    sites.forEach(
        (name, site) -> {
          if (!site.backupOnly()) {
            serving.add(name);
          }
        });
    return serving;
  }

  static void check(
      String service,
      String primary,
      Map<String, ServiceTopology.SiteEndpoints> sites,
      TopologyLoader loader) {
    String p = "services." + service + ".sites";
    ServiceTopology.SiteEndpoints primarySite = sites.get(primary);
    if (primarySite != null && primarySite.backupOnly()) {
      loader.problem(
          p + "." + primary + ".backupOnly",
          "service '"
              + service
              + "': its primarySite "
              + primary
              + " is backupOnly, and a backup-only site never takes traffic or writes; make another"
              + " site the primary, or drop backupOnly");
      return;
    }
    List<String> standbys = serving(sites).stream().filter(name -> !name.equals(primary)).toList();
    if (standbys.isEmpty()) {
      loader.problem(
          p,
          "service '"
              + service
              + "' has no standby site: every site but its primary "
              + primary
              + " is backupOnly ("
              + String.join(", ", sites.keySet().stream().filter(s -> !s.equals(primary)).toList())
              + "), so a failover would have nowhere to go");
    }
    sameTwice(
        service, sites, "database", s -> s.database() == null ? null : s.database().url(), loader);
    sameTwice(service, sites, "app", ServiceTopology.SiteEndpoints::app, loader);
    sameTwice(
        service, sites, "trafficTarget", s -> s.backupOnly() ? null : s.trafficTarget(), loader);
  }

  private static void sameTwice(
      String service,
      Map<String, ServiceTopology.SiteEndpoints> sites,
      String field,
      Function<ServiceTopology.SiteEndpoints, String> value,
      TopologyLoader loader) {
    Map<String, String> seen = new LinkedHashMap<>();
    sites.forEach(
        (name, site) -> {
          String v = value.apply(site);
          if (v == null) {
            return;
          }
          String first = seen.putIfAbsent(v, name);
          if (first != null && !Objects.equals(first, name)) {
            String path = "services." + service + ".sites." + name + "." + field;
            loader.problem(
                field.equals("database") ? path + ".url" : path,
                "service '"
                    + service
                    + "': sites "
                    + first
                    + " and "
                    + name
                    + " name the same "
                    + field
                    + " '"
                    + v
                    + "'; each site is its own place, with its own "
                    + field);
          }
        });
  }
}
