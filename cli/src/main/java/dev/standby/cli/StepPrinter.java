package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Prints each step of a run once when it starts and once when it ends, however often the run is
 * polled: the run's JSON carries the steps in {@code progress.timeline} while it runs and in {@code
 * result.steps} at the end.
 */
public class StepPrinter {
  private final PrintStream out;
  private final Set<String> started = new HashSet<>();
  private final Set<String> ended = new HashSet<>();

  private final String workflowId;
  private final StepListener listener;

  /** Told as a step starts (after its line) and before its end is printed. */
  public interface StepListener {
    void started(JsonNode run, JsonNode step);

    /** Returns true when it printed what the step's own detail says, so the detail is left off. */
    boolean ending(JsonNode run, JsonNode step);
  }

  public StepPrinter(PrintStream out) {
    this(out, null, null);
  }

  /** Names {@code workflowId} in the command that releases a step waiting for approval. */
  public StepPrinter(PrintStream out, String workflowId, StepListener listener) {
    this.out = out;
    this.workflowId = workflowId;
    this.listener = listener;
  }

  public void print(JsonNode run) {
    for (JsonNode step : steps(run)) {
      String name = step.path("name").asText();
      String key = name + "@" + step.path("startedAtMillis").asLong();
      if (started.add(key)) {
        out.println("> " + name);
        if (workflowId != null
            && !step.hasNonNull("endedAtMillis")
            && (name.equals("await-approval") || name.startsWith("approval-"))) {
          out.println("  waiting for an approver: standby approve " + workflowId);
        }
        if (listener != null) {
          listener.started(run, step);
        }
      }
      boolean done = step.hasNonNull("endedAtMillis");
      if (done && ended.add(key)) {
        boolean described = listener != null && listener.ending(run, step);
        long millis = step.path("endedAtMillis").asLong() - step.path("startedAtMillis").asLong();
        String detail = described ? "" : step.path("detail").asText("");
        out.println(
            "  "
                + step.path("status").asText()
                + " "
                + name
                + " ("
                + duration(millis)
                + ")"
                + (detail.isEmpty() ? "" : ": " + detail));
      }
    }
  }

  static Iterable<JsonNode> steps(JsonNode run) {
    JsonNode resultSteps = run.path("result").path("steps");
    if (resultSteps.isArray() && resultSteps.size() > 0) {
      return resultSteps;
    }
    JsonNode timeline = run.path("progress").path("timeline");
    return timeline.isArray() ? timeline : java.util.List.of();
  }

  static String duration(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
  }
}
