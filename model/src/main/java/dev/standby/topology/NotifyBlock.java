package dev.standby.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.model.CommsTemplates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a service's {@code notify} block:
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

  static ServiceTopology.Notify read(JsonNode n, String path, TopologyLoader loader) {
    var d = ServiceTopology.Notify.DEFAULTS;
    loader.knownFields(n, path, Set.of("channel", "levels", "onLastTimeout", "templates"));
    String channel = loader.text(n, path + ".channel", null);
    if (channel != null && channel.isBlank()) {
      loader.problems.add(path + ".channel: must not be empty (leave it out for the worker's default channel)");
      channel = null;
    }
    List<ServiceTopology.ContactLevel> levels = levels(n.path("levels"), path + ".levels", loader);
    String onLastTimeout = loader.text(n, path + ".onLastTimeout", d.onLastTimeout());
    if (!ON_LAST_TIMEOUT.contains(onLastTimeout)) {
      loader.problems.add(path + ".onLastTimeout: '" + onLastTimeout + "' is not one of: keep-waiting, proceed, abort");
      onLastTimeout = d.onLastTimeout();
    }
    return new ServiceTopology.Notify(channel, levels, onLastTimeout, templates(n.path("templates"),
        path + ".templates", loader));
  }

  private static List<ServiceTopology.ContactLevel> levels(JsonNode l, String path, TopologyLoader loader) {
    List<ServiceTopology.ContactLevel> levels = new ArrayList<>();
    if (l.isMissingNode() || l.isNull()) {
      return levels;
    }
    if (!l.isArray() || l.isEmpty() || l.size() > 3) {
      loader.problems.add(path + ": must be a list of 1 to 3 contact levels, found " + l);
      return levels;
    }
    for (int i = 0; i < l.size(); i++) {
      JsonNode level = l.get(i);
      String lp = path + "[" + i + "]";
      loader.knownFields(level, lp, Set.of("approvers", "timeout"));
      List<String> approvers = new ArrayList<>();
      JsonNode a = level.path("approvers");
      if (!a.isMissingNode() && !a.isNull()) {
        if (!a.isArray()) {
          loader.problems.add(lp + ".approvers: must be a list of Slack user or group ids, found " + a);
        } else {
          a.forEach(id -> {
            if (!id.isTextual() || !id.asText().matches("[A-Z0-9]{3,}")) {
              loader.problems.add(lp + ".approvers: '" + id.asText() + "' is not a Slack user or group id "
                  + "(e.g. U024BE7LH, S0SRETEAM)");
            } else {
              approvers.add(id.asText());
            }
          });
        }
      }
      Duration timeout = loader.duration(level, lp + ".timeout", null);
      if (timeout != null && timeout.toSeconds() < 1) {
        loader.problems.add(lp + ".timeout: must be at least 1s, found " + timeout);
      }
      levels.add(new ServiceTopology.ContactLevel(List.copyOf(approvers), timeout));
    }
    return List.copyOf(levels);
  }

  private static CommsTemplates templates(JsonNode t, String path, TopologyLoader loader) {
    loader.knownFields(t, path, Set.of("initial", "update", "resolution"));
    String initial = template(t, path + ".initial", loader);
    String update = template(t, path + ".update", loader);
    String resolution = template(t, path + ".resolution", loader);
    return new CommsTemplates(initial, update, resolution);
  }

  private static String template(JsonNode t, String path, TopologyLoader loader) {
    String text = loader.text(t, path, null);
    if (text == null) {
      return null;
    }
    Set<String> unknown = CommsTemplates.unknownPlaceholders(text);
    if (!unknown.isEmpty()) {
      loader.problems.add(path + ": unknown placeholder" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown.stream().map(u -> "{" + u + "}").toList()) + " (known: " + String.join(", ",
          CommsTemplates.PLACEHOLDERS) + ")");
    }
    return text;
  }
}
