package dev.standby.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads what ties a service to the clouds: a site's provider and account, a database's provider and
 * managed instance, the traffic routers, a site's compute group. Each provider is checked against
 * the site it runs in, so a Route 53 router in a GCP site's account is reported at load, not at the
 * first failover.
 *
 * <pre>
 * sites:
 *   aws-east: {provider: aws, region: us-east-1}          # endpoint: http://127.0.0.1:5000 for moto only
 *   gcp-central: {provider: gcp, project: acme-prod}
 *   azure-west: {provider: azure, subscription: 00000000-0000-0000-0000-000000000000}
 * services.X.sites.S.database: {provider: rds, instance: payments-b}          # cloudsql: instance,
 *                                                                          # azure-postgresql: instance + resourceGroup
 * services.X.sites.S.compute: {provider: autoscaling, group: payments-app-b, active: 4, standby: 1}
 * services.X.traffic:
 *   provider: haproxy ...
 *   also:
 *     - {provider: route53, site: aws-east, group: Z0HOSTEDZONE, record: payments.example.com., type: A,
 *        targets: {aws-east: east, gcp-central: central}}
 * </pre>
 */
final class CloudBlocks {
  static final Set<String> SITE_PROVIDERS = Set.of("lab", "aws", "gcp", "azure");

  /**
   * Each database and router provider, with the site provider whose account it lives in ("" for
   * none).
   */
  static final Map<String, String> DATABASE_PROVIDERS =
      Map.of("postgresql", "", "rds", "aws", "cloudsql", "gcp", "azure-postgresql", "azure");

  static final Map<String, String> TRAFFIC_PROVIDERS =
      Map.of("haproxy", "", "route53", "aws", "clouddns", "gcp", "trafficmanager", "azure");
  static final Map<String, String> COMPUTE_PROVIDERS = Map.of("autoscaling", "aws");
  private static final Set<String> RECORD_TYPES = Set.of("A", "AAAA", "CNAME");

  private CloudBlocks() {}

  static Topology.Site site(String name, Node n, String path, TopologyLoader loader) {
    loader.knownFields(
        n, path, Set.of("provider", "region", "project", "subscription", "endpoint"));
    String provider = loader.text(n, path + ".provider", "lab");
    String region = loader.text(n, path + ".region", null);
    String project = loader.text(n, path + ".project", null);
    String subscription = loader.text(n, path + ".subscription", null);
    String endpoint = loader.text(n, path + ".endpoint", null);
    switch (provider) {
      case "aws" ->
          need(region, path + ".region", "an aws site needs its region (e.g. us-east-1)", loader);
      case "gcp" -> need(project, path + ".project", "a gcp site needs its project id", loader);
      case "azure" ->
          need(
              subscription,
              path + ".subscription",
              "an azure site needs its subscription id",
              loader);
      case "lab" -> {}
      default ->
          loader.problem(
              path + ".provider", "'" + provider + "' is not one of: " + sorted(SITE_PROVIDERS));
    }
    if (endpoint != null && !endpoint.matches("https?://[^\\s/]+(/\\S*)?")) {
      loader.problem(path + ".endpoint", "'" + endpoint + "' is not an http(s) URL");
    }
    return new Topology.Site(name, provider, region, project, subscription, endpoint);
  }

  /**
   * Checks a database block's provider, instance and URL; returns the instance and resource group.
   */
  static String[] database(
      Node db,
      String path,
      String provider,
      String url,
      String siteName,
      Map<String, Topology.Site> sites,
      TopologyLoader loader) {
    String needs = DATABASE_PROVIDERS.get(provider);
    if (needs == null) {
      loader.problem(
          path + ".provider",
          "'"
              + provider
              + "' is not supported (supported: "
              + sorted(DATABASE_PROVIDERS.keySet())
              + ")");
      return new String[] {null, null};
    }
    String instance = loader.text(db, path + ".instance", null);
    String resourceGroup = loader.text(db, path + ".resourceGroup", null);
    if (needs.isEmpty()) {
      if (url == null) {
        loader.problem(path + ".url", "is required");
      }
    } else {
      need(
          instance,
          path + ".instance",
          "a " + provider + " database needs its instance name",
          loader);
      if (provider.equals("azure-postgresql")) {
        need(
            resourceGroup,
            path + ".resourceGroup",
            "an azure-postgresql server needs its resource group",
            loader);
      }
      inAccount(sites.get(siteName), needs, provider, path + ".provider", loader);
    }
    if (url != null && !url.startsWith("jdbc:postgresql://")) {
      loader.problem(
          path + ".url",
          "'" + url + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
    }
    return new String[] {instance, resourceGroup};
  }

  static ServiceTopology.Compute compute(
      Node c,
      String path,
      String siteName,
      Map<String, Topology.Site> sites,
      TopologyLoader loader) {
    if (YamlFields.absent(c)) {
      return null;
    }
    loader.knownFields(c, path, Set.of("provider", "group", "active", "standby"));
    String provider = loader.text(c, path + ".provider", "autoscaling");
    String needs = COMPUTE_PROVIDERS.get(provider);
    if (needs == null) {
      loader.problem(
          path + ".provider",
          "'"
              + provider
              + "' is not supported (supported: "
              + sorted(COMPUTE_PROVIDERS.keySet())
              + ")");
    } else {
      inAccount(sites.get(siteName), needs, provider, path + ".provider", loader);
    }
    int active = count(c, path + ".active", loader);
    int standby = count(c, path + ".standby", loader);
    if (active >= 0 && standby >= 0 && active < standby) {
      loader.problem(
          path + ".active",
          active
              + " is below standby "
              + standby
              + " (active is the capacity while the site serves)");
    }
    return new ServiceTopology.Compute(
        provider, loader.required(c, path + ".group"), active, standby);
  }

  /** The traffic block: its first router, and those in {@code also}. */
  static ServiceTopology.Traffic traffic(
      Node t,
      String path,
      boolean first,
      Set<String> serviceSites,
      Map<String, Topology.Site> sites,
      TopologyLoader loader) {
    Set<String> fields =
        first
            ? Set.of(
                "provider",
                "admin",
                "group",
                "frontDoor",
                "site",
                "record",
                "type",
                "resourceGroup",
                "targets",
                "also")
            : Set.of(
                "provider", "admin", "group", "site", "record", "type", "resourceGroup", "targets");
    loader.knownFields(t, path, fields);
    String provider = loader.text(t, path + ".provider", "haproxy");
    String needs = TRAFFIC_PROVIDERS.get(provider);
    if (needs == null) {
      loader.problem(
          path + ".provider",
          "'"
              + provider
              + "' is not supported (supported: "
              + sorted(TRAFFIC_PROVIDERS.keySet())
              + ")");
      needs = "";
    }
    String admin = null;
    ServiceTopology.CloudRouter cloud = null;
    if (needs.isEmpty()) {
      admin = loader.required(t, path + ".admin");
      if (admin != null && !admin.matches("[^:\\s]+:\\d{1,5}")) {
        loader.problem(path + ".admin", "'" + admin + "' is not host:port");
      }
    } else {
      cloud = cloudRouter(t, path, provider, needs, serviceSites, sites, loader);
    }
    String group = loader.required(t, path + ".group");
    String frontDoor = first ? loader.httpUrl(t, path + ".frontDoor") : null;
    List<ServiceTopology.Traffic> also = new ArrayList<>();
    Node a = YamlFields.child(t, "also");
    if (first && !YamlFields.absent(a)) {
      if (!YamlFields.isList(a)) {
        loader.problem(path + ".also", "must be a list of routers");
      } else {
        List<Node> routers = YamlFields.items(a);
        for (int i = 0; i < routers.size(); i++) {
          also.add(
              traffic(
                  routers.get(i), path + ".also[" + i + "]", false, serviceSites, sites, loader));
        }
      }
    }
    return new ServiceTopology.Traffic(provider, admin, group, frontDoor, cloud, List.copyOf(also));
  }

  private static ServiceTopology.CloudRouter cloudRouter(
      Node t,
      String path,
      String provider,
      String needs,
      Set<String> serviceSites,
      Map<String, Topology.Site> sites,
      TopologyLoader loader) {
    String site = loader.required(t, path + ".site");
    if (site != null) {
      if (!sites.containsKey(site)) {
        loader.problem(
            path + ".site",
            "unknown site '"
                + site
                + "' (declared sites: "
                + String.join(", ", sites.keySet())
                + ")");
      } else {
        inAccount(sites.get(site), needs, provider, path + ".site", loader);
      }
    }
    String record = null;
    String type = null;
    String resourceGroup = null;
    if (provider.equals("trafficmanager")) {
      resourceGroup = loader.required(t, path + ".resourceGroup");
    } else {
      record = loader.required(t, path + ".record");
      type = loader.text(t, path + ".type", "A");
      if (!RECORD_TYPES.contains(type)) {
        loader.problem(path + ".type", "'" + type + "' is not one of: " + sorted(RECORD_TYPES));
      }
    }
    Map<String, String> targets = new LinkedHashMap<>();
    Node given = YamlFields.child(t, "targets");
    loader.knownFields(given, path + ".targets", serviceSites);
    serviceSites.forEach(s -> targets.put(s, loader.text(given, path + ".targets." + s, s)));
    return new ServiceTopology.CloudRouter(site, record, type, resourceGroup, Map.copyOf(targets));
  }

  private static void inAccount(
      Topology.Site site, String needs, String provider, String path, TopologyLoader loader) {
    if (site != null && !site.provider().equals(needs)) {
      loader.problem(
          path,
          provider
              + " needs a site with provider "
              + needs
              + ", but site '"
              + site.name()
              + "' has provider "
              + site.provider());
    }
  }

  private static int count(Node parent, String path, TopologyLoader loader) {
    Node n = YamlFields.child(parent, path.substring(path.lastIndexOf('.') + 1));
    Integer count = YamlFields.wholeNumber(n);
    if (count == null || count < 0) {
      loader.problem(
          path,
          "must be a whole number of instances, 0 or more, found '" + YamlFields.written(n) + "'");
      return -1;
    }
    return count;
  }

  private static void need(String value, String path, String why, TopologyLoader loader) {
    if (value == null || value.isBlank()) {
      loader.problem(path, "is required (" + why + ")");
    }
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }
}
