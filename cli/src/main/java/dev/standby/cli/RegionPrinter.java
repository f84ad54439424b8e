package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A region plan ({@code region/<site>}) as it runs: its phase as it changes ({@code > group 2 of 3
 * failing over}), the approval a group waits for with the command that releases it, and a line per
 * service each time its state changes; at the end the plan's RTO and a table of every service's
 * outcome, RTO and RPO. The plan has no steps: its {@code progress} and its result both list {@code
 * services}. Runs of other kinds are left alone.
 */
final class RegionPrinter {
  /** What the plan's result says when every service it had to move is served by its target. */
  private static final Set<String> SUCCESS = Set.of("SUCCEEDED", "NOTHING_TO_MOVE");

  private final PrintStream out;
  private final String workflowId;
  private final Map<String, String> printedStatus = new HashMap<>();
  private final Set<String> askedApproval = new HashSet<>();
  private String phase = "";

  RegionPrinter(PrintStream out, String workflowId) {
    this.out = out;
    this.workflowId = workflowId;
  }

  static boolean isRegionPlan(JsonNode run) {
    return "region".equals(run.path("kind").asText());
  }

  /**
   * The services that changed since the last poll, those of earlier groups before the phase line (a
   * group that ended between two polls is told before the next one starts).
   */
  void print(JsonNode run) {
    if (!isRegionPlan(run)) {
      return;
    }
    JsonNode progress = run.path("progress");
    boolean ended = run.path("result").isObject();
    JsonNode services = ended ? run.path("result").path("services") : progress.path("services");
    int group = ended ? Integer.MAX_VALUE : progress.path("group").asInt();
    for (JsonNode s : services) {
      if (s.path("group").asInt() < group) {
        printChange(s);
      }
    }
    if (!ended) {
      printPhase(progress);
    }
    for (JsonNode s : services) {
      if (s.path("group").asInt() >= group) {
        printChange(s);
      }
    }
  }

  private void printPhase(JsonNode progress) {
    String now = progress.path("phase").asText("");
    if (!now.equals(phase) && !now.isEmpty() && !now.equals("ended")) {
      phase = now;
      out.println("> " + now);
    }
    String waiting = progress.path("waitingForApproval").asText("");
    if (!waiting.isEmpty() && askedApproval.add(waiting)) {
      out.println(
          "  waiting for an approver: standby approve " + workflowId + " --step " + waiting);
    }
  }

  /** {@code SUCCEEDED ledger to site-b: RTO 4.2 s, RPO 0}; nothing while it is PENDING. */
  private void printChange(JsonNode s) {
    String name = s.path("service").asText();
    String status = s.path("status").asText();
    if (status.equals("PENDING") || status.equals(printedStatus.put(name, status))) {
      return;
    }
    StringBuilder line = new StringBuilder("  ").append(status).append(' ').append(name);
    if (status.equals("RUNNING")) {
      line.append(" (").append(s.path("workflowId").asText()).append(")");
    } else if (status.equals("SUCCEEDED")) {
      line.append(" to ")
          .append(s.path("targetSite").asText("?"))
          .append(": RTO ")
          .append(millis(s.path("rtoMillis")))
          .append(", RPO ")
          .append(millis(s.path("rpoMillis")));
    } else if (s.hasNonNull("detail")) {
      line.append(": ").append(s.path("detail").asText());
    }
    out.println(line);
  }

  /** True unless the plan ended with services that its target does not serve. */
  static boolean succeeded(JsonNode run) {
    JsonNode outcome = run.path("result").path("outcome");
    return !isRegionPlan(run) || outcome.isMissingNode() || SUCCESS.contains(outcome.asText());
  }

  /** Under the run's end line: the plan's RTO, every service's outcome, the plan's notes. */
  static List<String> end(JsonNode run) {
    JsonNode result = run.path("result");
    if (!isRegionPlan(run) || !result.isObject()) {
      return List.of();
    }
    List<String> lines = new java.util.ArrayList<>();
    if ("NOTHING_TO_MOVE".equals(result.path("outcome").asText())) {
      lines.add("nothing to move: no service has its primary at " + result.path("site").asText());
    }
    String from =
        result.hasNonNull("incidentStartedAtMillis") ? "the incident" : "the plan's start";
    lines.add(
        result.hasNonNull("planRtoMillis")
            ? "plan RTO "
                + millis(result.path("planRtoMillis"))
                + ": from "
                + from
                + " to the last service served by its target"
            : "plan RTO -: no service was served by its target");
    lines.add(
        String.format(
            "%-16s %-5s %-11s %-10s %-10s %-8s %s",
            "SERVICE", "GROUP", "OUTCOME", "TARGET", "RTO", "RPO", "DETAIL"));
    for (JsonNode s : result.path("services")) {
      boolean served = "SUCCEEDED".equals(s.path("status").asText());
      lines.add(
          String.format(
                  "%-16s %-5s %-11s %-10s %-10s %-8s %s",
                  s.path("service").asText(),
                  s.path("group").asInt() == 0 ? "-" : s.path("group").asText(),
                  s.path("status").asText(),
                  s.path("targetSite").asText("-"),
                  millis(s.path("rtoMillis")),
                  millis(s.path("rpoMillis")),
                  served ? "" : s.path("detail").asText(""))
              .stripTrailing());
    }
    for (JsonNode note : result.path("notes")) {
      lines.add("note: " + note.asText());
    }
    return lines;
  }

  /** {@code 4.2 s}; {@code 0} for none; {@code -} when not measured. */
  private static String millis(JsonNode value) {
    if (!value.isNumber()) {
      return "-";
    }
    return value.asLong() == 0 ? "0" : StepPrinter.duration(value.asLong());
  }
}
