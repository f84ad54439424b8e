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

  public StepPrinter(PrintStream out) {
    this.out = out;
  }

  public void print(JsonNode run) {
    for (JsonNode step : steps(run)) {
      String name = step.path("name").asText();
      String key = name + "@" + step.path("startedAtMillis").asLong();
      if (started.add(key)) {
        out.println("> " + name);
      }
      boolean done = step.hasNonNull("endedAtMillis");
      if (done && ended.add(key)) {
        long millis = step.path("endedAtMillis").asLong() - step.path("startedAtMillis").asLong();
        String detail = step.path("detail").asText("");
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
