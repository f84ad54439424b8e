package dev.standby.runbook;

import dev.standby.model.CommsTemplates;
import dev.standby.model.runbook.CommunicationPlan;
import dev.standby.model.runbook.EscalationLevel;
import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookAction;
import dev.standby.model.runbook.RunbookStep;
import dev.standby.model.runbook.RunbookStep.RunbookCheck;
import dev.standby.topology.Durations;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import dev.standby.topology.YamlFields;
import dev.standby.topology.YamlProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a runbook file and checks it whole against its format and the topology, so one load reports
 * every problem, each with file, line, column and field path: an unknown action, a step without an
 * owner, a duration that does not parse, a service or site the topology does not have. {@code
 * runbooks/runbook.schema.json} describes the same format for editors; the tests hold the two to
 * agreeing.
 */
public final class RunbookLoader {
  static final Set<String> SEVERITIES = Set.of("SEV1", "SEV2", "SEV3", "SEV4");
  static final List<String> EXPECT = List.of("healthy", "ready", "unhealthy");
  static final List<String> MODES = List.of("planned", "unplanned");
  static final List<String> ON_OVERRUN = List.of(RunbookStep.ESCALATE, RunbookStep.FAIL);
  private static final Set<String> ROOT =
      Set.of(
          "name",
          "title",
          "service",
          "description",
          "scenarios",
          "procedure",
          "rollback",
          "postIncident",
          "communication",
          "escalation");
  private static final Set<String> SCENARIO = Set.of("name", "severity", "rto", "rpo", "triggers");
  private static final Set<String> STEP =
      Set.of(
          "id",
          "action",
          "details",
          "owner",
          "estimatedDuration",
          "group",
          "site",
          "expect",
          "mode",
          "template",
          "checks",
          "onOverrun");
  private static final Set<String> CHECK = Set.of("check", "site");
  private static final Set<String> TASK = Set.of("task", "owner", "due");
  private static final Set<String> COMMUNICATION = Set.of("channels", "templates");
  private static final Set<String> LEVEL = Set.of("level", "name", "contacts", "timeout");
  private static final String ID = "[a-z0-9]+(-[a-z0-9]+)*";

  private final YamlFields y;
  private final Topology topology;
  private ServiceTopology service;
  private final Map<String, String> stepIds = new HashMap<>();

  private RunbookLoader(String file, Topology topology) {
    this.y = new YamlFields(file);
    this.topology = topology;
  }

  /** Every {@code *.yaml} file of the folder, by name. */
  public static List<LoadedRunbook> loadAll(Path dir, Topology topology) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .map(f -> load(f, topology))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot list the runbooks in " + dir + ": " + e.getMessage(), e);
    }
  }

  public static LoadedRunbook load(Path file, Topology topology) {
    String fileName = file.getFileName().toString();
    String name =
        fileName.endsWith(".yaml")
            ? fileName.substring(0, fileName.length() - ".yaml".length())
            : fileName;
    RunbookLoader loader = new RunbookLoader(fileName, topology);
    Node root = loader.y.parse(file);
    Runbook runbook = root == null ? null : loader.runbook(root, name);
    List<YamlProblem> problems = loader.y.problems();
    return new LoadedRunbook(name, file, runbook, problems);
  }

  private Runbook runbook(Node root, String fileName) {
    Map<String, Node> f = y.mapping(root, "", ROOT);
    if (f == null) {
      return null;
    }
    String name = y.requiredText(root, f, "", "name");
    if (name != null && !name.equals(fileName)) {
      y.problem(
          f.get("name"),
          "name",
          "'" + name + "' does not match the file name (" + fileName + ".yaml)");
    }
    String title = y.requiredText(root, f, "", "title");
    String serviceName = y.requiredText(root, f, "", "service");
    if (serviceName != null) {
      service = topology.services().get(serviceName);
      if (service == null) {
        y.problem(
            f.get("service"),
            "service",
            "unknown service '"
                + serviceName
                + "' (topology services: "
                + String.join(", ", topology.services().keySet())
                + ")");
      }
    }
    String description = y.optionalText(f, "", "description");
    List<Runbook.Scenario> scenarios = new ArrayList<>();
    forEach(
        y.list(y.required(root, f, "", "scenarios"), "scenarios", true),
        "scenarios",
        (node, path) -> addIfRead(scenarios, scenario(node, path)));
    Map<String, Node> communicationFields = new LinkedHashMap<>();
    CommunicationPlan communication =
        communication(y.required(root, f, "", "communication"), communicationFields);
    List<RunbookStep> procedure =
        steps(
            y.list(y.required(root, f, "", "procedure"), "procedure", true),
            "procedure",
            communication);
    List<RunbookStep> rollback =
        steps(
            y.list(y.required(root, f, "", "rollback"), "rollback", true),
            "rollback",
            communication);
    List<Runbook.PostIncidentTask> tasks = new ArrayList<>();
    forEach(
        y.list(y.required(root, f, "", "postIncident"), "postIncident", true),
        "postIncident",
        (node, path) -> addIfRead(tasks, task(node, path)));
    List<EscalationLevel> escalation = new ArrayList<>();
    forEach(
        y.list(y.required(root, f, "", "escalation"), "escalation", true),
        "escalation",
        (node, path) -> addIfRead(escalation, level(node, path, index(path) + 1)));
    return new Runbook(
        name,
        title,
        serviceName,
        description,
        scenarios,
        procedure,
        rollback,
        tasks,
        communication,
        escalation);
  }

  private Runbook.Scenario scenario(Node node, String path) {
    Map<String, Node> f = y.mapping(node, path, SCENARIO);
    if (f == null) {
      return null;
    }
    String name = y.requiredText(node, f, path, "name");
    String severity = y.requiredText(node, f, path, "severity");
    if (severity != null && !SEVERITIES.contains(severity)) {
      y.problem(
          f.get("severity"),
          path + ".severity",
          "'" + severity + "' is not a severity (SEV1, SEV2, SEV3, SEV4)");
    }
    Long rto = duration(y.required(node, f, path, "rto"), path + ".rto");
    Long rpo = duration(y.required(node, f, path, "rpo"), path + ".rpo");
    List<String> triggers =
        y.texts(y.required(node, f, path, "triggers"), path + ".triggers", true);
    return new Runbook.Scenario(
        name, severity, rto == null ? 0 : rto, rpo == null ? 0 : rpo, triggers);
  }

  private List<RunbookStep> steps(List<Node> nodes, String path, CommunicationPlan communication) {
    List<RunbookStep> steps = new ArrayList<>();
    Map<String, Integer> groupEnds = new HashMap<>();
    if (nodes == null) {
      return steps;
    }
    for (int i = 0; i < nodes.size(); i++) {
      String p = path + "[" + i + "]";
      RunbookStep step = step(nodes.get(i), p, communication);
      if (step == null) {
        continue;
      }
      if (step.group() != null) {
        Integer last = groupEnds.get(step.group());
        if (last != null && last != i - 1) {
          y.problem(
              YamlFields.field(nodes.get(i), "group"),
              p + ".group",
              "group '"
                  + step.group()
                  + "' is split: the steps of a group must be next to each other");
        }
        groupEnds.put(step.group(), i);
      }
      steps.add(step);
    }
    return steps;
  }

  private RunbookStep step(Node node, String path, CommunicationPlan communication) {
    Map<String, Node> f = y.mapping(node, path, STEP);
    if (f == null) {
      return null;
    }
    String id = y.requiredText(node, f, path, "id");
    if (id != null && !id.matches(ID)) {
      y.problem(
          f.get("id"),
          path + ".id",
          "'" + id + "' is not a step id (lowercase letters, digits and dashes)");
    } else if (id != null && stepIds.containsKey(id)) {
      y.problem(
          f.get("id"), path + ".id", "step id '" + id + "' is used already by " + stepIds.get(id));
    } else if (id != null) {
      stepIds.put(id, path);
    }
    String actionText = y.requiredText(node, f, path, "action");
    RunbookAction action = actionText == null ? null : RunbookAction.of(actionText);
    if (actionText != null && action == null) {
      y.problem(
          f.get("action"),
          path + ".action",
          "unknown action '"
              + actionText
              + "' (known: "
              + String.join(", ", RunbookAction.labels())
              + ")");
    }
    String details = y.optionalText(f, path, "details");
    String owner = y.requiredText(node, f, path, "owner");
    Long estimated =
        positiveDuration(
            y.required(node, f, path, "estimatedDuration"), path + ".estimatedDuration");
    String group = y.optionalText(f, path, "group");
    if (group != null && !group.matches(ID)) {
      y.problem(
          f.get("group"),
          path + ".group",
          "'" + group + "' is not a group name (lowercase letters, digits and dashes)");
      group = null;
    }
    // No site: the service's current primary when the step runs (a failover: its best standby).
    String site = y.optionalText(f, path, "site");
    site(f.get("site"), path + ".site", site);
    String expect = oneOf(f, path, "expect", EXPECT);
    String mode = oneOf(f, path, "mode", MODES);
    String onOverrun = oneOf(f, path, "onOverrun", ON_OVERRUN);
    String template =
        action == RunbookAction.NOTIFY
            ? y.text(requiredFor(node, f, path, "template", action), path + ".template")
            : y.optionalText(f, path, "template");
    if (template != null
        && communication != null
        && !communication.templates().containsKey(template)) {
      y.problem(
          f.get("template"),
          path + ".template",
          "no template '"
              + template
              + "' in communication.templates (has: "
              + String.join(", ", communication.templates().keySet().stream().sorted().toList())
              + ")");
    }
    List<RunbookCheck> checks = new ArrayList<>();
    Node checksNode =
        action == RunbookAction.RUN_CHECKS
            ? requiredFor(node, f, path, "checks", action)
            : f.get("checks");
    forEach(
        y.list(checksNode, path + ".checks", action == RunbookAction.RUN_CHECKS),
        path + ".checks",
        (c, cp) -> addIfRead(checks, check(c, cp)));
    return new RunbookStep(
        id,
        action,
        details,
        owner,
        estimated == null ? 0 : estimated,
        group,
        site,
        expect,
        mode,
        template,
        checks,
        onOverrun);
  }

  private Node requiredFor(
      Node parent, Map<String, Node> f, String path, String key, RunbookAction action) {
    Node value = f.get(key);
    if (value == null || YamlFields.isNull(value)) {
      y.problem(
          value == null ? parent : value,
          path + "." + key,
          "is required for action " + action.label());
      return null;
    }
    return value;
  }

  private RunbookCheck check(Node node, String path) {
    Map<String, Node> f = y.mapping(node, path, CHECK);
    if (f == null) {
      return null;
    }
    String kind = y.requiredText(node, f, path, "check");
    if (kind != null && !RunbookCheck.KINDS.contains(kind)) {
      y.problem(
          f.get("check"),
          path + ".check",
          "'" + kind + "' is not one of: " + String.join(", ", RunbookCheck.KINDS));
    }
    // No site: the service's current primary when the check runs.
    String site = y.optionalText(f, path, "site");
    site(f.get("site"), path + ".site", site);
    return new RunbookCheck(kind, site);
  }

  private void site(Node node, String path, String site) {
    if (site != null && service != null && !service.sites().containsKey(site)) {
      y.problem(
          node,
          path,
          "unknown site '"
              + site
              + "' for service "
              + service.name()
              + " (its sites: "
              + String.join(", ", service.sites().keySet())
              + ")");
    }
  }

  private String oneOf(Map<String, Node> f, String path, String key, List<String> allowed) {
    String value = y.optionalText(f, path, key);
    if (value != null && !allowed.contains(value)) {
      y.problem(
          f.get(key),
          path + "." + key,
          "'" + value + "' is not one of: " + String.join(", ", allowed));
      return null;
    }
    return value;
  }

  private Runbook.PostIncidentTask task(Node node, String path) {
    Map<String, Node> f = y.mapping(node, path, TASK);
    if (f == null) {
      return null;
    }
    String task = y.requiredText(node, f, path, "task");
    String owner = y.requiredText(node, f, path, "owner");
    Node due = f.get("due");
    duration(due, path + ".due");
    return new Runbook.PostIncidentTask(
        task, owner, due == null ? null : y.text(due, path + ".due"));
  }

  private CommunicationPlan communication(Node node, Map<String, Node> fields) {
    if (node == null) {
      return null;
    }
    Map<String, Node> f = y.mapping(node, "communication", COMMUNICATION);
    if (f == null) {
      return null;
    }
    fields.putAll(f);
    List<String> channels =
        y.texts(y.required(node, f, "communication", "channels"), "communication.channels", true);
    Node templatesNode = y.required(node, f, "communication", "templates");
    Map<String, String> templates = new LinkedHashMap<>();
    if (templatesNode != null) {
      Map<String, Node> t = y.mapping(templatesNode, "communication.templates", new AnyKey());
      if (t != null) {
        for (String required : CommunicationPlan.REQUIRED_TEMPLATES) {
          y.required(templatesNode, t, "communication.templates", required);
        }
        t.forEach(
            (key, value) -> {
              String path = "communication.templates." + key;
              if (!key.matches(ID)) {
                y.problem(
                    value,
                    path,
                    "'" + key + "' is not a template name (lowercase letters, digits and dashes)");
              }
              String text = YamlFields.isNull(value) ? null : y.text(value, path);
              if (text != null) {
                var unknown = CommsTemplates.unknownPlaceholders(text);
                if (!unknown.isEmpty()) {
                  y.problem(
                      value,
                      path,
                      "unknown placeholder(s) "
                          + unknown
                          + " (known: "
                          + String.join(", ", CommsTemplates.PLACEHOLDERS)
                          + ")");
                }
                templates.put(key, text);
              }
            });
      }
    }
    return new CommunicationPlan(channels, templates);
  }

  private EscalationLevel level(Node node, String path, int expected) {
    Map<String, Node> f = y.mapping(node, path, LEVEL);
    if (f == null) {
      return null;
    }
    Integer level = y.integer(y.required(node, f, path, "level"), path + ".level");
    if (level != null && level != expected) {
      y.problem(
          f.get("level"),
          path + ".level",
          "must be " + expected + " (levels count up from 1, in order)");
    }
    String name = y.requiredText(node, f, path, "name");
    List<String> contacts =
        y.texts(y.required(node, f, path, "contacts"), path + ".contacts", true);
    Node contactsNode = f.get("contacts");
    List<Node> contactNodes =
        contactsNode == null ? null : y.list(contactsNode, path + ".contacts", false);
    for (int i = 0; contactNodes != null && i < contactNodes.size() && i < contacts.size(); i++) {
      if (!contacts.get(i).matches("[A-Z0-9]{3,}")) {
        y.problem(
            contactNodes.get(i),
            path + ".contacts[" + i + "]",
            "'"
                + contacts.get(i)
                + "' is not a Slack user or group id (e.g. U024BE7LH, S0SRETEAM)");
      }
    }
    Long timeout = positiveDuration(y.required(node, f, path, "timeout"), path + ".timeout");
    return new EscalationLevel(
        level == null ? expected : level, name, contacts, timeout == null ? 0 : timeout);
  }

  private Long duration(Node node, String path) {
    return duration(node, path, true);
  }

  /** Estimates and timeouts must be positive: a zero timer would escalate at once. */
  private Long positiveDuration(Node node, String path) {
    return duration(node, path, false);
  }

  private Long duration(Node node, String path, boolean zeroAllowed) {
    if (node == null) {
      return null;
    }
    String text =
        node instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue() : String.valueOf(node);
    try {
      if (!(node instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar)
          || !scalar.getTag().equals(org.yaml.snakeyaml.nodes.Tag.STR)) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)");
      }
      long millis = Durations.parse(text).toMillis();
      if (millis <= 0 && !zeroAllowed) {
        throw new IllegalArgumentException("'" + text + "' must be longer than zero");
      }
      return millis;
    } catch (IllegalArgumentException e) {
      y.problem(node, path, e.getMessage());
      return null;
    }
  }

  private void forEach(
      List<Node> nodes, String path, java.util.function.BiConsumer<Node, String> each) {
    if (nodes != null) {
      for (int i = 0; i < nodes.size(); i++) {
        each.accept(nodes.get(i), path + "[" + i + "]");
      }
    }
  }

  /**
   * Parts that could not be read are left out: their problems are recorded and the runbook is
   * refused anyway.
   */
  private static <T> void addIfRead(List<T> list, T item) {
    if (item != null) {
      list.add(item);
    }
  }

  private static int index(String path) {
    return Integer.parseInt(path.substring(path.lastIndexOf('[') + 1, path.length() - 1));
  }

  /** Template names are the plan's own: any key is allowed in {@code templates}. */
  private static final class AnyKey extends java.util.AbstractSet<String> {
    @Override
    public boolean contains(Object o) {
      return true;
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Collections.emptyIterator();
    }

    @Override
    public int size() {
      return 0;
    }
  }
}
