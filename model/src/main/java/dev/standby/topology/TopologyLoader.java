package dev.standby.topology;

import dev.standby.model.failback.FailbackSteps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a topology YAML file and checks it whole, so one start of the worker reports every problem,
 * each with its position, the field's path and what is wrong with it, in the runbooks' format (one
 * {@link YamlFields}): {@code topology.yaml:12:9: services.payments.sites.site-c: unknown site
 * 'site-c' (declared sites: site-a, site-b)}.
 */
public final class TopologyLoader {
  final YamlFields y;

  /** The file's root, from which a problem finds the nearest node its path names. */
  private Node root;

  /** Where relative file names in the topology (certificates, keys) are resolved from. */
  final Path baseDir;

  private TopologyLoader(Path file) {
    this.y = new YamlFields(file.toString());
    Path parent = file.toAbsolutePath().getParent();
    this.baseDir = parent == null ? Path.of(".") : parent;
  }

  public static Topology load(Path file) {
    TopologyLoader loader = new TopologyLoader(file);
    Node root = loader.y.parse(file);
    Topology topology = root == null ? null : loader.read(root);
    if (loader.y.hasProblems()) {
      throw new TopologyException(file, loader.y.problems());
    }
    return topology;
  }

  private Topology read(Node root) {
    this.root = root;
    if (y.mapping(root, "", Set.of("temporal", "sites", "services", "regionPlans")) == null) {
      return null;
    }
    Node t = YamlFields.child(root, "temporal");
    knownFields(t, "temporal", TemporalBlock.FIELDS);
    var temporal =
        new Topology.TemporalSettings(
            text(t, "temporal.target", "127.0.0.1:7233"),
            text(t, "temporal.namespace", "default"),
            text(t, "temporal.taskQueue", "standby"),
            text(t, "temporal.uiUrl", "http://127.0.0.1:8233"),
            TemporalBlock.tls(t, this),
            TemporalBlock.apiKey(t, this),
            TemporalBlock.encryption(t, this));

    Map<String, Topology.Site> sites = new LinkedHashMap<>();
    for (var e : entries(root, "sites").entrySet()) {
      String path = "sites." + e.getKey();
      sites.put(e.getKey(), CloudBlocks.site(e.getKey(), e.getValue(), path, this));
    }
    Map<String, ServiceTopology> services = new LinkedHashMap<>();
    Map<String, Node> serviceNodes = entries(root, "services");
    for (var e : serviceNodes.entrySet()) {
      services.put(e.getKey(), service(e.getKey(), e.getValue(), sites));
    }
    RegionPlans regions = RegionPlanBlock.read(root, serviceNodes, sites.keySet(), this);
    return new Topology(temporal, sites, services, regions);
  }

  private ServiceTopology service(String name, Node s, Map<String, Topology.Site> knownSites) {
    String p = "services." + name;
    knownFields(
        s,
        p,
        Set.of(
            "primarySite",
            "objectives",
            "health",
            "monitor",
            "verify",
            "traffic",
            "sites",
            "failback",
            "notify",
            "backup",
            "drill",
            "dependsOn"));

    Map<String, ServiceTopology.SiteEndpoints> sites = new LinkedHashMap<>();
    Node siteList = YamlFields.child(s, "sites");
    for (var e : entries(s, p + ".sites").entrySet()) {
      String sp = p + ".sites." + e.getKey();
      if (!knownSites.containsKey(e.getKey())) {
        problemAtKey(
            sp,
            "unknown site '"
                + e.getKey()
                + "' (declared sites: "
                + String.join(", ", knownSites.keySet())
                + ")");
      }
      Node site = e.getValue();
      knownFields(
          site,
          sp,
          Set.of(
              "app", "database", "trafficTarget", "compute", "priority", "backupOnly", "objects"));
      boolean backupOnly = bool(site, sp + ".backupOnly", false);
      sites.put(e.getKey(), siteEndpoints(site, sp, e.getKey(), backupOnly, knownSites));
    }
    SiteObjects.check(sites, p + ".sites", this);
    if (sites.size() < 2 && YamlFields.isMapping(siteList)) {
      problem(
          siteList,
          p + ".sites",
          "a service needs at least two sites to fail over between, found " + sites.size());
    }
    String primary = required(s, p + ".primarySite");
    if (primary != null && !sites.isEmpty() && !sites.containsKey(primary)) {
      problemAt(
          s,
          p + ".primarySite",
          "'"
              + primary
              + "' is not one of the service's sites ("
              + String.join(", ", sites.keySet())
              + ")");
    } else if (primary != null && sites.size() >= 2) {
      SiteRoles.check(name, primary, sites, this);
    }

    Node o = YamlFields.child(s, "objectives");
    knownFields(o, p + ".objectives", Set.of("rto", "rpo"));
    Duration rto = duration(o, p + ".objectives.rto", null);
    Duration rpo = duration(o, p + ".objectives.rpo", null);

    Node h = YamlFields.child(s, "health");
    knownFields(h, p + ".health", Set.of("path", "timeout", "latencyBudget", "liveness"));
    String liveness = text(h, p + ".health.liveness", null);
    if (liveness != null && !liveness.startsWith("/")) {
      problemAt(h, p + ".health.liveness", "must start with '/', found '" + liveness + "'");
    }
    var health =
        new ServiceTopology.HealthCheck(
            text(h, p + ".health.path", "/health"),
            duration(h, p + ".health.timeout", Duration.ofSeconds(1)),
            duration(h, p + ".health.latencyBudget", Duration.ofMillis(500)),
            liveness);

    Node m = YamlFields.child(s, "monitor");
    knownFields(
        m,
        p + ".monitor",
        Set.of("interval", "failureThreshold", "reconcile", "watch", "readiness", "dnsTtl"));
    var monitor =
        new ServiceTopology.Monitor(
            duration(m, p + ".monitor.interval", Duration.ofSeconds(5)),
            positiveInt(m, p + ".monitor.failureThreshold", 3),
            duration(m, p + ".monitor.reconcile", Duration.ofSeconds(5)),
            bool(m, p + ".monitor.watch", false),
            duration(m, p + ".monitor.readiness", ServiceTopology.Monitor.READINESS_EVERY),
            optionalDuration(m, p + ".monitor.dnsTtl"));

    Node v = YamlFields.child(s, "verify");
    knownFields(v, p + ".verify", Set.of("path", "requests", "siteHeader", "timeout"));
    var verify =
        new ServiceTopology.Verify(
            text(v, p + ".verify.path", "/health"),
            positiveInt(v, p + ".verify.requests", 20),
            text(v, p + ".verify.siteHeader", "X-Standby-Site"),
            duration(v, p + ".verify.timeout", Duration.ofSeconds(30)));

    var traffic =
        CloudBlocks.traffic(
            YamlFields.child(s, "traffic"),
            p + ".traffic",
            true,
            SiteRoles.serving(sites),
            knownSites,
            this);

    return new ServiceTopology(
        name,
        primary,
        rto,
        rpo,
        health,
        monitor,
        verify,
        traffic,
        sites,
        failback(YamlFields.child(s, "failback"), p + ".failback"),
        NotifyBlock.read(YamlFields.child(s, "notify"), p + ".notify", this),
        BackupBlock.read(
            YamlFields.child(s, "backup"),
            p + ".backup",
            primary,
            sites.keySet(),
            knownSites,
            this),
        new DrillBlockReader(this).read(YamlFields.child(s, "drill"), p + ".drill"));
  }

  /**
   * One site of a service. A backup-only site holds copies only, so its app and database may be
   * left out: nothing probes, promotes or routes to it.
   */
  private ServiceTopology.SiteEndpoints siteEndpoints(
      Node site,
      String sp,
      String siteName,
      boolean backupOnly,
      Map<String, Topology.Site> knownSites) {
    Node db = YamlFields.child(site, "database");
    ServiceTopology.Database database = null;
    if (!backupOnly || !YamlFields.absent(db)) {
      knownFields(
          db,
          sp + ".database",
          Set.of("provider", "url", "user", "passwordEnv", "local", "instance", "resourceGroup"));
      String provider = text(db, sp + ".database.provider", "postgresql");
      String url = text(db, sp + ".database.url", null);
      String[] managed =
          CloudBlocks.database(db, sp + ".database", provider, url, siteName, knownSites, this);
      database =
          new ServiceTopology.Database(
              provider,
              url,
              text(db, sp + ".database.user", "postgres"),
              text(db, sp + ".database.passwordEnv", null),
              local(YamlFields.child(db, "local"), sp + ".database.local"),
              managed[0],
              managed[1]);
    }
    String app =
        backupOnly && YamlFields.absent(YamlFields.child(site, "app"))
            ? null
            : httpUrl(site, sp + ".app");
    return new ServiceTopology.SiteEndpoints(
        app,
        database,
        text(site, sp + ".trafficTarget", siteName),
        CloudBlocks.compute(
            YamlFields.child(site, "compute"), sp + ".compute", siteName, knownSites, this),
        priority(site, sp + ".priority"),
        backupOnly,
        YamlFields.absent(YamlFields.child(site, "objects"))
            ? null
            : StoreBlock.read(YamlFields.child(site, "objects"), sp + ".objects", Set.of(), this));
  }

  /** A failover candidate's priority: a whole number from 0 to 100. */
  private int priority(Node site, String path) {
    Node n = YamlFields.child(site, last(path));
    if (YamlFields.absent(n)) {
      return ServiceTopology.SiteEndpoints.DEFAULT_PRIORITY;
    }
    Integer value = YamlFields.wholeNumber(n);
    if (value == null || value < 0 || value > 100) {
      problem(
          n,
          path,
          "must be a whole number from 0 (never elected unless named) to 100, found '"
              + YamlFields.written(n)
              + "'");
      return ServiceTopology.SiteEndpoints.DEFAULT_PRIORITY;
    }
    return value;
  }

  private ServiceTopology.Local local(Node l, String path) {
    if (YamlFields.absent(l)) {
      return null;
    }
    knownFields(l, path, Set.of("dataDir", "binDir", "osUser", "logFile"));
    return new ServiceTopology.Local(
        required(l, path + ".dataDir"),
        required(l, path + ".binDir"),
        text(l, path + ".osUser", null),
        text(l, path + ".logFile", null));
  }

  private ServiceTopology.Failback failback(Node f, String path) {
    var d = ServiceTopology.Failback.DEFAULTS;
    knownFields(
        f,
        path,
        Set.of(
            "steps",
            "bake",
            "sampleEvery",
            "sampleRequests",
            "maxErrorRate",
            "maxLatency",
            "onGateFailure",
            "switchDatabaseAt"));
    List<Integer> steps = d.steps();
    Node s = YamlFields.child(f, "steps");
    if (!YamlFields.absent(s)) {
      List<Integer> read = new ArrayList<>();
      YamlFields.items(s)
          .forEach(
              n -> read.add(YamlFields.wholeNumber(n) == null ? -1 : YamlFields.wholeNumber(n)));
      String problem =
          YamlFields.isList(s) ? FailbackSteps.problem(read) : "must be a list of percentages";
      if (problem != null) {
        problem(s, path + ".steps", problem + ", found " + YamlFields.written(s));
      } else {
        steps = List.copyOf(read);
      }
    }
    double maxErrorRate = d.maxErrorRate();
    Node e = YamlFields.child(f, "maxErrorRate");
    if (!YamlFields.absent(e)) {
      Double rate = YamlFields.number(e);
      if (rate == null || rate < 0 || rate > 1) {
        problem(
            e,
            path + ".maxErrorRate",
            "must be a fraction between 0 and 1 (0.01 is 1%), found '"
                + YamlFields.written(e)
                + "'");
      } else {
        maxErrorRate = rate;
      }
    }
    String onFailure = text(f, path + ".onGateFailure", d.onGateFailure());
    if (!Set.of("rollback", "hold").contains(onFailure)) {
      problemAt(f, path + ".onGateFailure", "'" + onFailure + "' is not one of: rollback, hold");
    }
    int switchAt = positiveInt(f, path + ".switchDatabaseAt", d.switchDatabaseAt());
    if (!steps.contains(switchAt)) {
      problemAt(f, path + ".switchDatabaseAt", switchAt + " is not one of the steps " + steps);
    }
    return new ServiceTopology.Failback(
        steps,
        duration(f, path + ".bake", d.bake()),
        duration(f, path + ".sampleEvery", d.sampleEvery()),
        positiveInt(f, path + ".sampleRequests", d.sampleRequests()),
        maxErrorRate,
        duration(f, path + ".maxLatency", d.maxLatency()),
        onFailure,
        switchAt);
  }

  /**
   * A mapping of names to settings ({@code sites}, {@code services}): a problem when missing or
   * empty.
   */
  private Map<String, Node> entries(Node parent, String path) {
    Node node = YamlFields.child(parent, last(path));
    if (YamlFields.absent(node)) {
      problemAt(parent, path, "is required");
      return Map.of();
    }
    return y.entries(node, path, true);
  }

  /**
   * Unknown fields of a block that is there; a block written as something else than a mapping is a
   * problem.
   */
  void knownFields(Node node, String path, Set<String> known) {
    if (!YamlFields.absent(node)) {
      y.mapping(node, path, known);
    }
  }

  /**
   * A problem at the field the path ends in; when it is not in the file, at the nearest block
   * around it that is (a missing {@code objectives.rto} points at {@code objectives}, or at the
   * service when that is missing too).
   */
  void problemAt(Node parent, String path, String message) {
    Node at = YamlFields.child(parent, last(path));
    y.problem(at != null ? at : nearest(path), path, message);
  }

  /** A problem at the field the path names, or the nearest block around it in the file. */
  void problem(String path, String message) {
    y.problem(nearest(path), path, message);
  }

  /**
   * A problem with a field's name rather than its value (an unknown site, a retired word): at the
   * key.
   */
  void problemAtKey(String path, String message) {
    int dot = path.lastIndexOf('.');
    Node parent = nearest(path.substring(0, Math.max(dot, 0)));
    y.problem(YamlFields.key(parent, path.substring(dot + 1)), path, message);
  }

  /** A problem at this node (a list item, a block as a whole). */
  void problem(Node at, String path, String message) {
    y.problem(at != null ? at : nearest(path), path, message);
  }

  /**
   * The deepest node of the file along the path ({@code services.payments.traffic.also[1].site}).
   */
  private Node nearest(String path) {
    Node node = root;
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      Node next = YamlFields.child(node, bracket < 0 ? segment : segment.substring(0, bracket));
      if (YamlFields.absent(next)) {
        return node;
      }
      node = next;
      for (String index :
          bracket < 0 ? new String[0] : segment.substring(bracket + 1).split("\\]\\[?")) {
        List<Node> items = YamlFields.items(node);
        int i = index.isEmpty() ? -1 : Integer.parseInt(index);
        if (i < 0 || i >= items.size()) {
          return node;
        }
        node = items.get(i);
      }
    }
    return node;
  }

  String text(Node parent, String path, String fallback) {
    String value = y.scalar(YamlFields.child(parent, last(path)), path);
    return value == null ? fallback : value;
  }

  String required(Node parent, String path) {
    Node n = YamlFields.child(parent, last(path));
    String value = y.scalar(n, path);
    if (YamlFields.absent(n)) {
      problemAt(parent, path, "is required");
    } else if (value != null && value.isBlank()) {
      problemAt(parent, path, "must not be blank");
      return null;
    }
    return value;
  }

  String httpUrl(Node parent, String path) {
    String value = required(parent, path);
    if (value != null && !value.matches("https?://[^\\s/]+(/\\S*)?")) {
      problemAt(parent, path, "'" + value + "' is not an http(s) URL");
    }
    return value;
  }

  /** A duration such as {@code 30s}; with a null {@code fallback} it is required. */
  Duration duration(Node parent, String path, Duration fallback) {
    Node n = YamlFields.child(parent, last(path));
    if (YamlFields.absent(n)) {
      if (fallback == null) {
        problemAt(parent, path, "is required");
      }
      return fallback;
    }
    Duration value = y.duration(n, path);
    return value == null ? fallback : value;
  }

  /** A duration that may be left out: null then. */
  Duration optionalDuration(Node parent, String path) {
    return y.duration(YamlFields.child(parent, last(path)), path);
  }

  int positiveInt(Node parent, String path, int fallback) {
    Node n = YamlFields.child(parent, last(path));
    if (YamlFields.absent(n)) {
      return fallback;
    }
    Integer value = YamlFields.wholeNumber(n);
    if (value == null || value < 1) {
      problem(
          n, path, "must be a whole number of at least 1, found '" + YamlFields.written(n) + "'");
      return fallback;
    }
    return value;
  }

  /** {@code true} or {@code false}, written plainly. */
  boolean bool(Node parent, String path, boolean fallback) {
    Node n = YamlFields.child(parent, last(path));
    if (YamlFields.absent(n)) {
      return fallback;
    }
    String value = y.scalar(n, path);
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean(value);
    }
    problem(n, path, "must be true or false, found '" + YamlFields.written(n) + "'");
    return fallback;
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
