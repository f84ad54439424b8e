package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Follows a run until it closes or the deadline passes; its exit code says how the run ended (a
 * region plan that completed with services left unmoved counts as failed). Steps are printed as
 * they start and end, with bars for bakes and uploads beneath (see {@link LiveLines}); with {@code
 * --output json} only the run's final JSON goes to {@code out}, and the bars go to {@code err} as
 * plain lines.
 */
public class RunWatcher {
  private final ApiClient api;
  private final PrintStream out;
  private final boolean json;
  private final LiveLines live;
  private final LongSupplier clock;

  /**
   * @param terminal {@code out} is a terminal: bars are redrawn in place
   * @param clock now, in epoch millis (a bake's times are the workflow's)
   */
  public RunWatcher(
      ApiClient api,
      PrintStream out,
      PrintStream err,
      boolean json,
      boolean terminal,
      LongSupplier clock) {
    this.api = api;
    this.json = json;
    this.live = json ? new LiveLines(err, false) : new LiveLines(out, terminal);
    this.out = json ? out : live.lines();
    this.clock = clock;
  }

  public int watch(String workflowId, Duration timeout) throws InterruptedException {
    return watch(workflowId, timeout, false);
  }

  /**
   * @param header first say which run this is, its status, since when and its UI link (a run the
   *     command did not just start)
   */
  public int watch(String workflowId, Duration timeout, boolean header)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TrafficPrinter traffic = new TrafficPrinter(out);
    StepPrinter steps = new StepPrinter(out, workflowId, traffic);
    RegionPrinter region = new RegionPrinter(out, workflowId);
    boolean first = true;
    while (true) {
      JsonNode run = api.get("/runs/" + workflowId);
      String status = run.path("status").asText();
      if (header && first && !json) {
        printHeader(workflowId, run, status);
      }
      first = false;
      if (!json) {
        steps.print(run);
        traffic.print(run);
        region.print(run);
      }
      live.show(RunProgress.of(run, clock.getAsLong()));
      if (!"RUNNING".equals(status) && !status.isEmpty()) {
        live.erase();
        if (json) {
          out.println(run.toPrettyString());
        } else {
          printEnd(run, status);
        }
        return "COMPLETED".equals(status) && RegionPrinter.succeeded(run) ? 0 : 1;
      }
      if (System.nanoTime() > deadline) {
        live.erase();
        out.println(workflowId + " still " + status + " after " + timeout + "; stopped watching");
        return 2;
      }
      Thread.sleep(500);
    }
  }

  /**
   * {@code watching failback/payments: RUNNING since 2026-12-06 04:56:01 UTC}, then its UI link.
   */
  private void printHeader(String workflowId, JsonNode run, String status) {
    String since = utcSeconds(run.path("startedAt").asText(""));
    out.println(
        "watching " + workflowId + ": " + status + (since.isEmpty() ? "" : " since " + since));
    if (!run.path("uiUrl").asText("").isEmpty()) {
      out.println("  " + run.path("uiUrl").asText());
    }
  }

  private void printEnd(JsonNode run, String status) {
    JsonNode result = run.path("result");
    StringBuilder line = new StringBuilder(run.path("workflowId").asText() + " " + status);
    if (result.hasNonNull("outcome") && !status.equals(result.get("outcome").asText())) {
      line.append(" (outcome ").append(result.get("outcome").asText()).append(")");
    }
    took(run).ifPresent(t -> line.append(" in ").append(t));
    out.println(line);
    for (String measure : RunMeasures.of(result)) {
      out.println("  " + measure);
    }
    for (String region : RegionPrinter.end(run)) {
      out.println("  " + region);
    }
    JsonNode failure = run.path("failure");
    if (!failure.isMissingNode() && !failure.isNull()) {
      out.println("  failure: " + failure.path("message").asText(failure.toString()));
    }
  }

  /** {@code 2026-12-06 04:56:01 UTC} from the API's ISO instant (to the nanosecond). */
  static String utcSeconds(String iso) {
    try {
      return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
          .withZone(java.time.ZoneOffset.UTC)
          .format(java.time.Instant.parse(iso));
    } catch (java.time.format.DateTimeParseException e) {
      return iso;
    }
  }

  /** How long the run took, from the API's start and close times. */
  private static java.util.Optional<String> took(JsonNode run) {
    try {
      java.time.Instant start = java.time.Instant.parse(run.path("startedAt").asText());
      java.time.Instant end = java.time.Instant.parse(run.path("closedAt").asText());
      return java.util.Optional.of(
          StepPrinter.duration(java.time.Duration.between(start, end).toMillis()));
    } catch (java.time.format.DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }
}
