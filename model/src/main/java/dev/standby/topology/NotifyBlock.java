package dev.standby.topology;

import dev.standby.model.CommsTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a service's {@code notify} block:
 *
 * <pre>
 * notify:
 *   channel: C0PAYMENTS           # or #payments-dr; without it, the worker's STANDBY_SLACK_CHANNEL
 *   levels:                       # 1 to 3, asked in turn while an approval waits
 *     - {approvers: [U024BE7LH], timeout: 15m}
 *     - {approvers: [U0BACKUP1, S0SRETEAM], timeout: 15m}
 *   onLastTimeout: keep-waiting   # or proceed, abort
 *   templates: {initial: "...", update: "...", resolution: "..."}
 * </pre>
 */
final class NotifyBlock {
  private static final Set<String> ON_LAST_TIMEOUT = Set.of("keep-waiting", "proceed", "abort");

  private NotifyBlock() {}

  static ServiceTopology.Notify read(Node n, String path, TopologyLoader loader) {
    var d = ServiceTopology.Notify.DEFAULTS;
    loader.knownFields(n, path, Set.of("channel", "levels", "onLastTimeout", "templates"));
    String channel = loader.text(n, path + ".channel", null);
    if (channel != null && channel.isBlank()) {
      loader.problem(
          path + ".channel", "must not be empty (leave it out for the worker's default channel)");
      channel = null;
    }
    List<ServiceTopology.ContactLevel> levels =
        levels(YamlFields.child(n, "levels"), path + ".levels", loader);
    String onLastTimeout = loader.text(n, path + ".onLastTimeout", d.onLastTimeout());
    if (!ON_LAST_TIMEOUT.contains(onLastTimeout)) {
      loader.problem(
          path + ".onLastTimeout",
          "'" + onLastTimeout + "' is not one of: keep-waiting, proceed, abort");
      onLastTimeout = d.onLastTimeout();
    }
    return new ServiceTopology.Notify(
        channel,
        levels,
        onLastTimeout,
        templates(YamlFields.child(n, "templates"), path + ".templates", loader));
  }

  private static List<ServiceTopology.ContactLevel> levels(
      Node l, String path, TopologyLoader loader) {
    List<ServiceTopology.ContactLevel> levels = new ArrayList<>();
    if (YamlFields.absent(l)) {
      return levels;
    }
    List<Node> given = YamlFields.items(l);
    if (!YamlFields.isList(l) || given.isEmpty() || given.size() > 3) {
      loader.problem(
          path, "must be a list of 1 to 3 contact levels, found " + YamlFields.written(l));
      return levels;
    }
    for (int i = 0; i < given.size(); i++) {
      Node level = given.get(i);
      String lp = path + "[" + i + "]";
      loader.knownFields(level, lp, Set.of("approvers", "timeout"));
      List<String> approvers = new ArrayList<>();
      Node a = YamlFields.child(level, "approvers");
      if (!YamlFields.absent(a)) {
        if (!YamlFields.isList(a)) {
          loader.problem(
              lp + ".approvers",
              "must be a list of Slack user or group ids, found " + YamlFields.written(a));
        } else {
          YamlFields.items(a)
              .forEach(
                  id -> {
                    String text = YamlFields.written(id);
                    if (!(id instanceof ScalarNode scalar)
                        || !scalar.getTag().equals(Tag.STR)
                        || !text.matches("[A-Z0-9]{3,}")) {
                      loader.problem(
                          id,
                          lp + ".approvers",
                          "'"
                              + text
                              + "' is not a Slack user or group id "
                              + "(e.g. U024BE7LH, S0SRETEAM)");
                    } else {
                      approvers.add(text);
                    }
                  });
        }
      }
      Duration timeout = loader.duration(level, lp + ".timeout", null);
      if (timeout != null && timeout.toSeconds() < 1) {
        loader.problem(lp + ".timeout", "must be at least 1s, found " + timeout);
      }
      levels.add(new ServiceTopology.ContactLevel(List.copyOf(approvers), timeout));
    }
    return List.copyOf(levels);
  }

  private static CommsTemplates templates(Node t, String path, TopologyLoader loader) {
    loader.knownFields(t, path, Set.of("initial", "update", "resolution"));
    String initial = template(t, path + ".initial", loader);
    String update = template(t, path + ".update", loader);
    String resolution = template(t, path + ".resolution", loader);
    return new CommsTemplates(initial, update, resolution);
  }

  private static String template(Node t, String path, TopologyLoader loader) {
    String text = loader.text(t, path, null);
    if (text == null) {
      return null;
    }
    Set<String> unknown = CommsTemplates.unknownPlaceholders(text);
    if (!unknown.isEmpty()) {
      loader.problem(
          path,
          "unknown placeholder"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown.stream().map(u -> "{" + u + "}").toList())
              + " (known: "
              + String.join(", ", CommsTemplates.PLACEHOLDERS)
              + ")");
    }
    return text;
  }
}
