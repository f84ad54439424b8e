package dev.standby.topology;

import dev.standby.model.drill.BlackoutWindow;
import dev.standby.model.drill.DrillType;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.health.HttpCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a service's {@code drill} block, adding each problem with its field's path to the loader's
 * list.
 */
final class DrillBlockReader {
  private static final Set<String> FIELDS =
      Set.of(
          "writeLoad",
          "writers",
          "baseline",
          "settle",
          "maxLoad",
          "checks",
          "tables",
          "stop",
          "blackouts",
          "schedule",
          "faults",
          "practice");
  private static final Set<String> FAULT_PROVIDERS = Set.of("lab");
  private final TopologyLoader loader;

  DrillBlockReader(TopologyLoader loader) {
    this.loader = loader;
  }

  ServiceTopology.Drill read(Node d, String path) {
    var defaults = ServiceTopology.Drill.DEFAULTS;
    if (YamlFields.absent(d)) {
      return defaults;
    }
    if (!YamlFields.isMapping(d)) {
      loader.problem(path, "must be a mapping");
      return defaults;
    }
    loader.knownFields(d, path, FIELDS);
    Node stop = YamlFields.child(d, "stop");
    loader.knownFields(stop, path + ".stop", Set.of("maxErrorRate", "window"));
    Double maxErrorRate = null;
    Node e = YamlFields.child(stop, "maxErrorRate");
    if (e != null) {
      Double rate = YamlFields.number(e);
      if (rate == null || rate < 0 || rate > 1) {
        loader.problem(
            path + ".stop.maxErrorRate",
            "must be a fraction between 0 and 1 (0.5 is 50%), found '"
                + YamlFields.written(e)
                + "'");
      } else {
        maxErrorRate = rate;
      }
    }
    Duration window = loader.optionalDuration(stop, path + ".stop.window");
    if ((maxErrorRate == null) != (window == null) && YamlFields.isMapping(stop)) {
      loader.problem(path + ".stop", "give both maxErrorRate and window, or neither");
    }
    return new ServiceTopology.Drill(
        writeLoad(YamlFields.child(d, "writeLoad"), path + ".writeLoad"),
        loader.positiveInt(d, path + ".writers", defaults.writers()),
        loader.duration(d, path + ".baseline", defaults.baseline()),
        loader.duration(d, path + ".settle", defaults.settle()),
        loader.duration(d, path + ".maxLoad", defaults.maxLoad()),
        checks(YamlFields.child(d, "checks"), path + ".checks"),
        strings(YamlFields.child(d, "tables"), path + ".tables"),
        maxErrorRate,
        window,
        blackouts(YamlFields.child(d, "blackouts"), path + ".blackouts"),
        schedule(YamlFields.child(d, "schedule"), path + ".schedule"),
        faults(YamlFields.child(d, "faults"), path + ".faults"),
        practice(YamlFields.child(d, "practice"), path + ".practice"));
  }

  private ServiceTopology.Practice practice(Node p, String path) {
    if (YamlFields.absent(p)) {
      return null;
    }
    if (!YamlFields.isMapping(p)) {
      loader.problem(path, "must be a mapping");
      return null;
    }
    loader.knownFields(
        p, path, Set.of("scratchDir", "app", "baseline", "slice", "writers", "requests"));
    Node app = YamlFields.child(p, "app");
    List<String> command = new ArrayList<>();
    if (YamlFields.absent(app) || !YamlFields.isList(app) || YamlFields.items(app).isEmpty()) {
      loader.problem(
          path + ".app",
          "must be the command that starts a copy of the app, a list such as [python3, app.py,"
              + " --port, '{port}', --db-port, '{dbPort}']");
    } else {
      YamlFields.items(app).forEach(n -> command.add(YamlFields.written(n)));
      if (command.stream().noneMatch(a -> a.contains("{port}"))) {
        loader.problem(path + ".app", "must pass the app its port as '{port}'");
      }
    }
    return new ServiceTopology.Practice(
        loader.text(p, path + ".scratchDir", null),
        List.copyOf(command),
        loader.duration(p, path + ".baseline", Duration.ofSeconds(60)),
        loader.duration(p, path + ".slice", Duration.ofSeconds(5)),
        loader.positiveInt(p, path + ".writers", 2),
        loader.positiveInt(p, path + ".requests", 10));
  }

  private ServiceTopology.WriteLoad writeLoad(Node w, String path) {
    if (YamlFields.absent(w)) {
      return null;
    }
    loader.knownFields(w, path, Set.of("path", "body", "sequenceField", "table", "column"));
    String p = loader.text(w, path + ".path", null);
    if (p == null || !p.startsWith("/")) {
      loader.problem(path + ".path", "must be a path starting with '/', found '" + p + "'");
    }
    return new ServiceTopology.WriteLoad(
        p,
        loader.text(w, path + ".body", "{}"),
        loader.required(w, path + ".sequenceField"),
        identifier(w, path + ".table"),
        identifier(w, path + ".column"));
  }

  private List<HttpCheck> checks(Node c, String path) {
    List<HttpCheck> checks = new ArrayList<>();
    if (YamlFields.absent(c)) {
      return checks;
    }
    if (!YamlFields.isList(c)) {
      loader.problem(path, "must be a list of {name, path, status}");
      return checks;
    }
    List<Node> items = YamlFields.items(c);
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      Node check = items.get(i);
      loader.knownFields(check, p, Set.of("name", "path", "status"));
      String checkPath = loader.required(check, p + ".path");
      if (checkPath != null && !checkPath.startsWith("/")) {
        loader.problem(p + ".path", "must start with '/', found '" + checkPath + "'");
      }
      checks.add(
          new HttpCheck(
              loader.text(check, p + ".name", checkPath),
              checkPath,
              loader.positiveInt(check, p + ".status", 200)));
    }
    return List.copyOf(checks);
  }

  private List<String> strings(Node s, String path) {
    List<String> out = new ArrayList<>();
    if (YamlFields.absent(s)) {
      return out;
    }
    if (!YamlFields.isList(s)) {
      loader.problem(path, "must be a list of table names");
      return out;
    }
    List<Node> items = YamlFields.items(s);
    for (int i = 0; i < items.size(); i++) {
      String name = YamlFields.written(items.get(i));
      if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
        loader.problem(path + "[" + i + "]", "'" + name + "' is not a table name");
      } else {
        out.add(name);
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code 2026-12-20T00:00:00Z/2027-01-03T00:00:00Z}: ISO-8601 instants, start inclusive, end
   * exclusive.
   */
  private List<BlackoutWindow> blackouts(Node b, String path) {
    List<BlackoutWindow> out = new ArrayList<>();
    if (YamlFields.absent(b)) {
      return out;
    }
    if (!YamlFields.isList(b)) {
      loader.problem(path, "must be a list of START/END instants");
      return out;
    }
    List<Node> items = YamlFields.items(b);
    for (int i = 0; i < items.size(); i++) {
      String p = path + "[" + i + "]";
      String value = YamlFields.written(items.get(i));
      String[] parts = value.split("/");
      try {
        if (parts.length != 2) {
          throw new DateTimeParseException("no '/'", value, 0);
        }
        Instant start = Instant.parse(parts[0].trim());
        Instant end = Instant.parse(parts[1].trim());
        if (!end.isAfter(start)) {
          loader.problem(p, "ends before it starts ('" + value + "')");
        } else {
          out.add(new BlackoutWindow(start.toEpochMilli(), end.toEpochMilli(), value));
        }
      } catch (DateTimeParseException e) {
        loader.problem(
            p,
            "'"
                + value
                + "' is not START/END in ISO-8601 UTC (2026-12-20T00:00:00Z/2027-01-03T00:00:00Z)");
      }
    }
    return List.copyOf(out);
  }

  private ServiceTopology.Schedule schedule(Node s, String path) {
    if (YamlFields.absent(s)) {
      return null;
    }
    loader.knownFields(s, path, Set.of("cron", "type", "fault"));
    String cron = loader.required(s, path + ".cron");
    if (cron != null && !cron.startsWith("@") && cron.trim().split("\\s+").length != 5) {
      loader.problem(
          path + ".cron",
          "'" + cron + "' is not a cron expression of five fields (or @every 10m, @daily, ...)");
    }
    // A tabletop needs people and steps: it is started by hand, never by a timer.
    String type =
        oneOf(
            s,
            path + ".type",
            "simulated",
            List.of(DrillType.SIMULATED.name(), DrillType.CHAOS.name(), DrillType.PRACTICE.name()));
    String fault =
        oneOf(
            s,
            path + ".fault",
            "kill-db",
            Arrays.stream(FaultKind.values()).map(Enum::name).toList());
    return new ServiceTopology.Schedule(cron, type, fault);
  }

  private ServiceTopology.Faults faults(Node f, String path) {
    if (YamlFields.absent(f)) {
      return null;
    }
    loader.knownFields(f, path, Set.of("provider", "labDir", "command"));
    String provider = loader.text(f, path + ".provider", "lab");
    if (!FAULT_PROVIDERS.contains(provider)) {
      loader.problem(
          path + ".provider",
          "'" + provider + "' is not supported (supported: " + FAULT_PROVIDERS + ")");
    }
    return new ServiceTopology.Faults(
        provider, loader.required(f, path + ".labDir"), loader.required(f, path + ".command"));
  }

  /**
   * A value of an enum written as in YAML ({@code kill-db}) or as the constant ({@code KILL_DB});
   * returned as the constant.
   */
  private String oneOf(Node n, String path, String fallback, List<String> constants) {
    String value = loader.text(n, path, fallback);
    String constant = value.toUpperCase(Locale.ROOT).replace('-', '_');
    if (!constants.contains(constant)) {
      loader.problem(
          path,
          "'"
              + value
              + "' is not one of "
              + constants.stream().map(c -> c.toLowerCase(Locale.ROOT).replace('_', '-')).toList());
      return fallback.toUpperCase(Locale.ROOT).replace('-', '_');
    }
    return constant;
  }

  private String identifier(Node n, String path) {
    String value = loader.required(n, path);
    if (value != null && !value.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
      loader.problem(path, "'" + value + "' is not a plain SQL identifier");
      return null;
    }
    return value;
  }
}
