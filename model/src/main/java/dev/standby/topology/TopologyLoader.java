package dev.standby.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.standby.model.failback.FailbackSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a topology YAML file and checks it whole, so one start of the worker reports every problem, each
 * with the field's path ({@code services.payments.sites.site-c.database.url}) and what is wrong with it.
 */
public final class TopologyLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Path file;
  final List<String> problems = new ArrayList<>();

  private TopologyLoader(Path file) {
    this.file = file;
  }

  public static Topology load(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new TopologyException(file, List.of("not valid YAML: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())));
    } catch (IOException e) {
      throw new TopologyException(file, List.of("cannot read the file: " + e));
    }
    TopologyLoader loader = new TopologyLoader(file);
    Topology topology = loader.read(root == null ? YAML.createObjectNode() : root);
    if (!loader.problems.isEmpty()) {
      throw new TopologyException(file, loader.problems);
    }
    return topology;
  }

  private Topology read(JsonNode root) {
    knownFields(root, "", Set.of("temporal", "sites", "services"));
    JsonNode t = root.path("temporal");
    knownFields(t, "temporal", Set.of("target", "namespace", "taskQueue", "uiUrl"));
    var temporal = new Topology.TemporalSettings(
        text(t, "temporal.target", "127.0.0.1:7233"),
        text(t, "temporal.namespace", "default"),
        text(t, "temporal.taskQueue", "standby"),
        text(t, "temporal.uiUrl", "http://127.0.0.1:8233"));

    Map<String, Topology.Site> sites = new LinkedHashMap<>();
    for (var e : entries(root.path("sites"), "sites", true)) {
      String path = "sites." + e.getKey();
      sites.put(e.getKey(), CloudBlocks.site(e.getKey(), e.getValue(), path, this));
    }
    Map<String, ServiceTopology> services = new LinkedHashMap<>();
    for (var e : entries(root.path("services"), "services", true)) {
      services.put(e.getKey(), service(e.getKey(), e.getValue(), sites));
    }
    return new Topology(temporal, sites, services);
  }

  private ServiceTopology service(String name, JsonNode s, Map<String, Topology.Site> knownSites) {
    String p = "services." + name;
    knownFields(s, p, Set.of("primarySite", "objectives", "health", "monitor", "verify", "traffic", "sites", "failback",
        "notify", "backup", "drill"));

    Map<String, ServiceTopology.SiteEndpoints> sites = new LinkedHashMap<>();
    for (var e : entries(s.path("sites"), p + ".sites", true)) {
      String sp = p + ".sites." + e.getKey();
      if (!knownSites.containsKey(e.getKey())) {
        problems.add(sp + ": unknown site '" + e.getKey() + "' (declared sites: " + String.join(", ", knownSites.keySet()) + ")");
      }
      JsonNode site = e.getValue();
      knownFields(site, sp, Set.of("app", "database", "trafficTarget", "compute"));
      JsonNode db = site.path("database");
      knownFields(db, sp + ".database", Set.of("provider", "url", "user", "passwordEnv", "local", "instance",
          "resourceGroup"));
      String provider = text(db, sp + ".database.provider", "postgresql");
      String url = text(db, sp + ".database.url", null);
      String[] managed = CloudBlocks.database(db, sp + ".database", provider, url, e.getKey(), knownSites, this);
      sites.put(e.getKey(), new ServiceTopology.SiteEndpoints(
          httpUrl(site, sp + ".app"),
          new ServiceTopology.Database(provider, url, text(db, sp + ".database.user", "postgres"),
              text(db, sp + ".database.passwordEnv", null), local(db.path("local"), sp + ".database.local"),
              managed[0], managed[1]),
          text(site, sp + ".trafficTarget", e.getKey()),
          CloudBlocks.compute(site.path("compute"), sp + ".compute", e.getKey(), knownSites, this)));
    }
    if (sites.size() < 2 && s.has("sites")) {
      problems.add(p + ".sites: a service needs at least two sites to fail over between, found " + sites.size());
    }
    String primary = required(s, p + ".primarySite");
    if (primary != null && !sites.isEmpty() && !sites.containsKey(primary)) {
      problems.add(p + ".primarySite: '" + primary + "' is not one of the service's sites (" + String.join(", ", sites.keySet()) + ")");
    }

    JsonNode o = s.path("objectives");
    knownFields(o, p + ".objectives", Set.of("rto", "rpo"));
    Duration rto = duration(o, p + ".objectives.rto", null);
    Duration rpo = duration(o, p + ".objectives.rpo", null);

    JsonNode h = s.path("health");
    knownFields(h, p + ".health", Set.of("path", "timeout", "latencyBudget"));
    var health = new ServiceTopology.HealthCheck(text(h, p + ".health.path", "/health"),
        duration(h, p + ".health.timeout", Duration.ofSeconds(1)),
        duration(h, p + ".health.latencyBudget", Duration.ofMillis(500)));

    JsonNode m = s.path("monitor");
    knownFields(m, p + ".monitor", Set.of("interval", "failureThreshold"));
    var monitor = new ServiceTopology.Monitor(duration(m, p + ".monitor.interval", Duration.ofSeconds(5)),
        positiveInt(m, p + ".monitor.failureThreshold", 3));

    JsonNode v = s.path("verify");
    knownFields(v, p + ".verify", Set.of("path", "requests", "siteHeader", "timeout"));
    var verify = new ServiceTopology.Verify(text(v, p + ".verify.path", "/health"),
        positiveInt(v, p + ".verify.requests", 20), text(v, p + ".verify.siteHeader", "X-Standby-Site"),
        duration(v, p + ".verify.timeout", Duration.ofSeconds(30)));

    var traffic = CloudBlocks.traffic(s.path("traffic"), p + ".traffic", true, sites.keySet(), knownSites, this);

    return new ServiceTopology(name, primary, rto, rpo, health, monitor, verify, traffic, sites,
        failback(s.path("failback"), p + ".failback"), NotifyBlock.read(s.path("notify"), p + ".notify", this),
        BackupBlock.read(s.path("backup"), p + ".backup", primary, sites.keySet(), knownSites, this),
        new DrillBlockReader(this).read(s.path("drill"), p + ".drill"));
  }

  private ServiceTopology.Local local(JsonNode l, String path) {
    if (l.isMissingNode() || l.isNull()) {
      return null;
    }
    knownFields(l, path, Set.of("dataDir", "binDir", "osUser", "logFile"));
    return new ServiceTopology.Local(required(l, path + ".dataDir"), required(l, path + ".binDir"),
        text(l, path + ".osUser", null), text(l, path + ".logFile", null));
  }

  private ServiceTopology.Failback failback(JsonNode f, String path) {
    var d = ServiceTopology.Failback.DEFAULTS;
    knownFields(f, path, Set.of("steps", "bake", "sampleEvery", "sampleRequests", "maxErrorRate", "maxLatency",
        "onGateFailure", "switchDatabaseAt"));
    List<Integer> steps = d.steps();
    JsonNode s = f.path("steps");
    if (!s.isMissingNode() && !s.isNull()) {
      List<Integer> read = new ArrayList<>();
      s.forEach(n -> read.add(n.isIntegralNumber() ? n.asInt() : -1));
      String problem = s.isArray() ? FailbackSteps.problem(read) : "must be a list of percentages";
      if (problem != null) {
        problems.add(path + ".steps: " + problem + ", found " + s);
      } else {
        steps = List.copyOf(read);
      }
    }
    double maxErrorRate = d.maxErrorRate();
    JsonNode e = f.path("maxErrorRate");
    if (!e.isMissingNode() && !e.isNull()) {
      if (!e.isNumber() || e.asDouble() < 0 || e.asDouble() > 1) {
        problems.add(path + ".maxErrorRate: must be a fraction between 0 and 1 (0.01 is 1%), found '" + e.asText() + "'");
      } else {
        maxErrorRate = e.asDouble();
      }
    }
    String onFailure = text(f, path + ".onGateFailure", d.onGateFailure());
    if (!Set.of("rollback", "hold").contains(onFailure)) {
      problems.add(path + ".onGateFailure: '" + onFailure + "' is not one of: rollback, hold");
    }
    int switchAt = positiveInt(f, path + ".switchDatabaseAt", d.switchDatabaseAt());
    if (!steps.contains(switchAt)) {
      problems.add(path + ".switchDatabaseAt: " + switchAt + " is not one of the steps " + steps);
    }
    return new ServiceTopology.Failback(steps, duration(f, path + ".bake", d.bake()),
        duration(f, path + ".sampleEvery", d.sampleEvery()), positiveInt(f, path + ".sampleRequests", d.sampleRequests()),
        maxErrorRate, duration(f, path + ".maxLatency", d.maxLatency()), onFailure, switchAt);
  }

  private List<Map.Entry<String, JsonNode>> entries(JsonNode node, String path, boolean required) {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    if (node.isMissingNode() || node.isNull()) {
      if (required) {
        problems.add(path + ": missing");
      }
      return out;
    }
    if (!node.isObject()) {
      problems.add(path + ": must be a mapping of names to settings");
      return out;
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    it.forEachRemaining(out::add);
    if (out.isEmpty() && required) {
      problems.add(path + ": must not be empty");
    }
    return out;
  }

  void knownFields(JsonNode node, String path, Set<String> known) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(f -> {
        if (!known.contains(f)) {
          problems.add((path.isEmpty() ? "" : path + ".") + f + ": unknown field (expected one of: "
              + String.join(", ", known.stream().sorted().toList()) + ")");
        }
      });
    } else if (!node.isMissingNode() && !node.isNull() && !path.isEmpty()) {
      problems.add(path + ": must be a mapping");
    }
  }

  String text(JsonNode parent, String path, String fallback) {
    JsonNode n = parent.path(last(path));
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    if (!n.isValueNode()) {
      problems.add(path + ": must be a single value");
      return fallback;
    }
    return n.asText();
  }

  String required(JsonNode parent, String path) {
    String value = text(parent, path, null);
    if (value == null || value.isBlank()) {
      problems.add(path + ": missing");
      return null;
    }
    return value;
  }

  String httpUrl(JsonNode parent, String path) {
    String value = required(parent, path);
    if (value != null && !value.matches("https?://[^\\s/]+(/\\S*)?")) {
      problems.add(path + ": '" + value + "' is not an http(s) URL");
    }
    return value;
  }

  /** A duration such as {@code 30s}; with a null {@code fallback} it is required. */
  Duration duration(JsonNode parent, String path, Duration fallback) {
    String value = fallback == null ? required(parent, path) : text(parent, path, null);
    return value == null ? fallback : parsed(value, path, fallback);
  }

  /** A duration that may be left out: null then. */
  Duration optionalDuration(JsonNode parent, String path) {
    String value = text(parent, path, null);
    return value == null ? null : parsed(value, path, null);
  }

  private Duration parsed(String value, String path, Duration fallback) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": " + e.getMessage());
      return fallback;
    }
  }

  int positiveInt(JsonNode parent, String path, int fallback) {
    JsonNode n = parent.path(last(path));
    if (n.isMissingNode() || n.isNull()) {
      return fallback;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
      problems.add(path + ": must be a whole number of at least 1, found '" + n.asText() + "'");
      return fallback;
    }
    return n.asInt();
  }

  private static String last(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
