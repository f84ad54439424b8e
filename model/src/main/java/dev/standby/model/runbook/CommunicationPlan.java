package dev.standby.model.runbook;

import dev.standby.model.CommsTemplates;
import java.util.List;
import java.util.Map;

/**
 * Who is told what during a run. The engine posts to the service's Slack channel (the topology's
 * {@code notify} block): {@code initial} when the run starts, {@code update} after each step and
 * approval, {@code resolution} when it ends; notify steps post any named template. {@code channels}
 * are the audiences people keep informed (status page, support); the post-mortem lists them.
 */
public record CommunicationPlan(List<String> channels, Map<String, String> templates) {
  public static final List<String> REQUIRED_TEMPLATES = List.of("initial", "update", "resolution");

  public CommunicationPlan {
    channels = channels == null ? List.of() : List.copyOf(channels);
    templates = templates == null ? Map.of() : Map.copyOf(templates);
  }

  public CommsTemplates comms() {
    return new CommsTemplates(
        templates.get("initial"), templates.get("update"), templates.get("resolution"));
  }
}
