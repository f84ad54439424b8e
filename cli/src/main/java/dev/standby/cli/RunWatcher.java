package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;

/** Follows a run until it closes or the deadline passes; its exit code says how the run ended. */
public class RunWatcher {
  private final ApiClient api;
  private final PrintStream out;
  private final boolean json;

  public RunWatcher(ApiClient api, PrintStream out, boolean json) {
    this.api = api;
    this.out = out;
    this.json = json;
  }

  public int watch(String workflowId, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    TrafficPrinter traffic = new TrafficPrinter(out);
    StepPrinter steps = new StepPrinter(out, workflowId, traffic);
    while (true) {
      JsonNode run = api.get("/runs/" + workflowId);
      String status = run.path("status").asText();
      if (!json) {
        steps.print(run);
        traffic.print(run);
      }
      if (!"RUNNING".equals(status) && !status.isEmpty()) {
        if (json) {
          out.println(run.toPrettyString());
        } else {
          printEnd(run, status);
        }
        return "COMPLETED".equals(status) ? 0 : 1;
      }
      if (System.nanoTime() > deadline) {
        out.println(workflowId + " still " + status + " after " + timeout + "; stopped watching");
        return 2;
      }
      Thread.sleep(500);
    }
  }

  private void printEnd(JsonNode run, String status) {
    JsonNode result = run.path("result");
    StringBuilder line = new StringBuilder(run.path("workflowId").asText() + " " + status);
    if (result.hasNonNull("outcome") && !status.equals(result.get("outcome").asText())) {
      line.append(" (outcome ").append(result.get("outcome").asText()).append(")");
    }
    out.println(line);
    for (String measure : RunMeasures.of(result)) {
      out.println("  " + measure);
    }
    JsonNode failure = run.path("failure");
    if (!failure.isMissingNode() && !failure.isNull()) {
      out.println("  failure: " + failure.path("message").asText(failure.toString()));
    }
  }
}
