package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A failback's traffic shift under its steps ({@code shift-25%}, {@code step-down-10%}): a bar of
 * the returning site's weight once the step has set it (the bake's own bar is drawn beneath it, by
 * {@link RunProgress}), then, before the step's end, the split the front door measured during the
 * bake and the gate's verdict. Reads {@code measurements} from the run's progress while it runs and
 * from its result at the end; each line is printed once however often the run is polled.
 */
public class TrafficPrinter implements StepPrinter.StepListener {
  private final PrintStream out;
  private final Set<String> startedSteps = new HashSet<>();
  private final Set<String> bars = new HashSet<>();
  private final Set<String> measured = new HashSet<>();
  // The configured steps, from the progress: a failback's result does not repeat them.
  private JsonNode configured = com.fasterxml.jackson.databind.node.MissingNode.getInstance();

  public TrafficPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void started(JsonNode run, JsonNode step) {
    startedSteps.add(step.path("name").asText());
    bar(run, step);
  }

  @Override
  public boolean ending(JsonNode run, JsonNode step) {
    JsonNode m = bar(run, step);
    if (m != null && m.hasNonNull("endedAtMillis") && measured.add(key(m))) {
      out.println(split(m, source(run).path("targetSite").asText("")));
      return true;
    }
    return false;
  }

  /** Bars of steps that had started before their weights were set, as the weights appear. */
  public void print(JsonNode run) {
    remember(run);
    for (JsonNode m : source(run).path("measurements")) {
      String name = m.path("phase").asText() + "-" + m.path("targetPercent").asInt() + "%";
      if (startedSteps.contains(name) && !bars.contains(key(m)) && !measured.contains(key(m))) {
        printBar(run, m);
      }
    }
  }

  private void remember(JsonNode run) {
    JsonNode steps = run.path("progress").path("configuredSteps");
    if (steps.isArray() && steps.size() > 0) {
      configured = steps;
    }
  }

  private JsonNode bar(JsonNode run, JsonNode step) {
    remember(run);
    JsonNode m = measurement(run, step);
    if (m != null && !bars.contains(key(m))) {
      printBar(run, m);
    }
    return m;
  }

  private void printBar(JsonNode run, JsonNode m) {
    bars.add(key(m));
    JsonNode source = source(run);
    out.println(bar(m, source.path("targetSite").asText(""), stepNumber(configured, m)));
  }

  private static JsonNode source(JsonNode run) {
    JsonNode result = run.path("result");
    return result.has("measurements") ? result : run.path("progress");
  }

  /** The measurement of the step: its name is phase-percent%, set once the step had started. */
  private static JsonNode measurement(JsonNode run, JsonNode step) {
    String name = step.path("name").asText();
    long started = step.path("startedAtMillis").asLong();
    JsonNode found = null;
    for (JsonNode m : source(run).path("measurements")) {
      String mName = m.path("phase").asText() + "-" + m.path("targetPercent").asInt() + "%";
      if (mName.equals(name) && m.path("weightsSetAtMillis").asLong() >= started) {
        found = m;
      }
    }
    return found;
  }

  private static String key(JsonNode m) {
    return m.path("phase").asText() + "@" + m.path("weightsSetAtMillis").asLong();
  }

  /** {@code " (step 2 of 5)"} for a step on the way up; empty for stepping down. */
  private static String stepNumber(JsonNode configured, JsonNode m) {
    if (!"shift".equals(m.path("phase").asText())) {
      return "";
    }
    for (int i = 0; i < configured.size(); i++) {
      if (configured.get(i).asInt() == m.path("targetPercent").asInt()) {
        return " (step " + (i + 1) + " of " + configured.size() + ")";
      }
    }
    return "";
  }

  static String bar(JsonNode m, String target, String stepNumber) {
    int percent = m.path("targetPercent").asInt();
    int weight = target.isEmpty() ? percent : m.path("weights").path(target).asInt(percent);
    return "  traffic "
        + ProgressBar.bar(weight, 100)
        + " "
        + String.format(Locale.ROOT, "%3d%%", weight)
        + " to "
        + (target.isEmpty() ? "the returning site" : target)
        + stepNumber;
  }

  /**
   * {@code measured: site-a 24.8%, site-b 75.2% of 420 requests, 0 errors, site-a p95 38 ms; gate
   * passed}.
   */
  static String split(JsonNode m, String target) {
    int requests = m.path("requests").asInt();
    Set<String> sites = new TreeSet<>();
    m.path("weights").fieldNames().forEachRemaining(sites::add);
    m.path("servedBySite").fieldNames().forEachRemaining(sites::add);
    m.path("errorsBySite").fieldNames().forEachRemaining(sites::add);
    StringBuilder line = new StringBuilder("  measured:");
    int errors = 0;
    String separator = " ";
    for (String site : sites) {
      int served = m.path("servedBySite").path(site).asInt();
      int failed = m.path("errorsBySite").path(site).asInt();
      errors += failed;
      double share = requests == 0 ? 0 : Math.round(1000.0 * (served + failed) / requests) / 10.0;
      line.append(separator).append(String.format(Locale.ROOT, "%s %.1f%%", site, share));
      separator = ", ";
    }
    line.append(" of ").append(requests).append(requests == 1 ? " request" : " requests");
    line.append(", ").append(errors).append(errors == 1 ? " error" : " errors");
    line.append(", ").append(target.isEmpty() ? "" : target + " ");
    line.append("p95 ").append(m.path("worstTargetP95Millis").asLong()).append(" ms");
    String gate = m.path("gate").asText("");
    line.append("; gate ").append(gate.isEmpty() ? "not gated" : gate);
    return line.toString();
  }
}
