package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code standby status} as text: the API's service state, laid out for a terminal. */
final class ServiceText {
  /** How many history entries {@code standby status <service>} prints; JSON has them all. */
  static final int RECENT = 5;

  private ServiceText() {}

  /** One line per service of {@code GET /services}. */
  static String table(JsonNode services) {
    StringBuilder t =
        new StringBuilder(
            String.format(
                "%-16s %-10s %-10s %-8s %s",
                "SERVICE", "PRIMARY", "PROTECTED", "MONITOR", "OPERATION"));
    for (JsonNode s : services) {
      if (s.hasNonNull("unavailable")) {
        t.append(
            String.format(
                "%n%-16s %s",
                s.path("service").asText(), "unavailable: " + s.path("unavailable").asText()));
        continue;
      }
      JsonNode op = s.path("operation");
      t.append(
          String.format(
              "%n%-16s %-10s %-10s %-8s %s",
              s.path("service").asText(),
              s.path("primarySite").asText("-"),
              s.path("protected").asBoolean() ? "yes" : "NO",
              s.path("watching").asBoolean() ? "on" : "off",
              op.isMissingNode() || op.isNull() ? "-" : op.path("workflowId").asText() + by(op)));
      for (JsonNode alarm : s.path("alarms")) {
        t.append(String.format("%n%-16s ALARM: %s", "", alarm.asText()));
      }
    }
    return t.toString();
  }

  /** All of {@code GET /services/{name}}: headline, operation, alarms, sites, recent history. */
  static String detail(JsonNode s) {
    StringBuilder t =
        new StringBuilder(s.path("service").asText())
            .append(": primary ")
            .append(s.path("primarySite").asText())
            .append(", ")
            .append(s.path("protected").asBoolean() ? "protected" : "NOT protected");
    if (s.hasNonNull("protection")) {
      t.append(" (").append(s.path("protection").asText()).append(")");
    }
    t.append(", monitor ").append(s.path("watching").asBoolean() ? "on" : "off");
    JsonNode op = s.path("operation");
    if (op.isMissingNode() || op.isNull()) {
      t.append("\noperation: none");
    } else {
      t.append("\noperation: ")
          .append(op.path("kind").asText())
          .append(" ")
          .append(op.path("workflowId").asText())
          .append(by(op))
          .append(op.path("planned").asBoolean() ? " (planned)" : " (unplanned)")
          .append(op.hasNonNull("startedAt") ? " since " + op.path("startedAt").asText() : "")
          .append(op.hasNonNull("uiUrl") ? "\n  " + op.path("uiUrl").asText() : "");
    }
    for (JsonNode alarm : s.path("alarms")) {
      t.append("\nALARM: ").append(alarm.asText());
    }
    t.append(
        String.format(
            "%n%n%-10s %-8s %-13s %-8s %s", "SITE", "ROLE", "CONDITION", "FOLLOWS", "LAG"));
    for (JsonNode site : s.path("sites")) {
      t.append(
          String.format(
              "%n%-10s %-8s %-13s %-8s %s",
              site.path("site").asText(),
              site.path("role").asText("-"),
              site.path("condition").asText("-"),
              site.path("follows").asText("-"),
              site.hasNonNull("lagMillis") ? site.path("lagMillis").asLong() + " ms" : "-"));
    }
    JsonNode history = s.path("history");
    if (history.size() > 0) {
      t.append("\n\nhistory, newest first:");
      for (int i = 0; i < Math.min(RECENT, history.size()); i++) {
        t.append("\n").append(entry(history.get(i)));
      }
    }
    return t.toString();
  }

  private static String entry(JsonNode e) {
    StringBuilder t =
        new StringBuilder(e.path("endedAt").asText("-"))
            .append("  ")
            .append(e.path("what").asText());
    if (e.hasNonNull("fromSite") || e.hasNonNull("toSite")) {
      t.append(" ")
          .append(e.path("fromSite").asText("?"))
          .append(" -> ")
          .append(e.path("toSite").asText("?"));
    }
    if (e.hasNonNull("outcome")) {
      t.append("  ").append(e.path("outcome").asText());
    }
    if (e.hasNonNull("requestedBy")) {
      t.append("  by ").append(e.path("requestedBy").asText());
    }
    if (e.hasNonNull("rtoMillis")) {
      t.append("  RTO ").append(e.path("rtoMillis").asLong()).append(" ms");
    }
    if (e.hasNonNull("lostWrites")) {
      t.append("  lost ").append(e.path("lostWrites").asLong());
    }
    if (e.hasNonNull("detail")) {
      t.append("  ").append(e.path("detail").asText());
    }
    return t.toString();
  }

  private static String by(JsonNode op) {
    return op.hasNonNull("requestedBy") ? " by " + op.path("requestedBy").asText() : "";
  }
}
