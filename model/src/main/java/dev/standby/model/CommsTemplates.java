package dev.standby.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The messages people read during an incident: the initial notification when a failover or failback
 * starts, an update at each turn (approval asked and given, traffic moved) and the resolution when
 * it ends. Each is a text with {@code {placeholders}} filled in by the workflow; {@link
 * #PLACEHOLDERS} lists them. A value the run does not know (yet) reads "n/a".
 */
public record CommsTemplates(String initial, String update, String resolution) {
  public static final List<String> PLACEHOLDERS =
      List.of(
          "kind",
          "service",
          "source",
          "target",
          "mode",
          "reason",
          "requestedBy",
          "rtoObjective",
          "rpoObjective",
          "workflowId",
          "status",
          "approvedBy",
          "outcome",
          "rto",
          "dataLoss");

  public static final CommsTemplates DEFAULTS =
      new CommsTemplates(
          ":rotating_light: {kind} of *{service}* from {source} to {target} started ({mode}), requested by {requestedBy}:"
              + " {reason}. Objectives: RTO {rtoObjective}, RPO {rpoObjective}. Run: `{workflowId}`",
          ":arrows_counterclockwise: {kind} of *{service}* to {target}: {status}",
          ":checkered_flag: {kind} of *{service}* to {target} {outcome}. Measured RTO: {rto}. Data loss: {dataLoss}."
              + " Approved by: {approvedBy}.");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  public CommsTemplates {
    initial = initial == null ? DEFAULTS.initial : initial;
    update = update == null ? DEFAULTS.update : update;
    resolution = resolution == null ? DEFAULTS.resolution : resolution;
  }

  /**
   * Fills in the placeholders; one this class does not know is left as written. Deterministic:
   * workflows call it.
   */
  public static String render(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = PLACEHOLDERS.contains(name) ? values.getOrDefault(name, null) : null;
      String replacement =
          !PLACEHOLDERS.contains(name)
              ? m.group()
              : value == null || value.isBlank() ? "n/a" : value;
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The placeholders in a template that {@link #PLACEHOLDERS} does not know, sorted; empty when all
   * are known.
   */
  public static Set<String> unknownPlaceholders(String template) {
    Set<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        unknown.add(m.group(1));
      }
    }
    return unknown;
  }
}
